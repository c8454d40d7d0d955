import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** The parts of an OpenAPI 3.1 document a contract test reads. */
export interface OpenApiDocument {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, unknown>; responses?: Record<string, { content: Record<string, { schema: { $ref: string } }> }> };
}

/**
 * Validates bodies against a parsed OpenAPI 3.1 document, whose schemas are JSON Schema 2020-12:
 * they are loaded as one resource, `#/components/schemas/X` becoming `openapi#/$defs/X`. Each
 * method returns the validation errors, or null when the body matches (or a sentence when the
 * document does not describe that answer at all).
 */
export function openApiValidator(document: OpenApiDocument) {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
  addFormats(ajv as never);
  ajv.addSchema(JSON.parse(JSON.stringify({ $id: 'openapi', $defs: document.components.schemas }).replaceAll('#/components/schemas/', '#/$defs/')) as object);
  const errorsOf = (ref: string, body: unknown): unknown => {
    const validate = ajv.getSchema(ref.replace('#/components/schemas/', 'openapi#/$defs/'));
    if (!validate) return `no schema ${ref}`;
    return validate(body) ? null : validate.errors;
  };
  return {
    /** Against the documented response of (path, method, status), following `components.responses` refs. */
    responseErrors(path: string, method: string, status: number, body: unknown): unknown {
      const response = document.paths[path]?.[method.toLowerCase()]?.responses?.[String(status)];
      if (!response) return `${method} ${path} ${status} is not documented`;
      const resolved = response.$ref ? document.components.responses?.[(response.$ref as string).split('/').pop()!] : response;
      return errorsOf(resolved.content['application/json'].schema.$ref as string, body);
    },
    /** Against the documented JSON request body of (path, method). */
    requestErrors(path: string, method: string, body: unknown): unknown {
      const schema = document.paths[path]?.[method.toLowerCase()]?.requestBody?.content?.['application/json']?.schema;
      return schema ? errorsOf(schema.$ref as string, body) : `${method} ${path} has no documented body`;
    },
    /** Against one schema of `components.schemas`. */
    schemaErrors(name: string, body: unknown): unknown {
      return errorsOf(`#/components/schemas/${name}`, body);
    },
  };
}
