/**
 * Side-effect import that installs `globalThis.awslambda` as the Lambda Node runtime does before it
 * loads a handler. Import it before a handler module that calls `awslambda.streamifyResponse` at
 * load time (ES modules evaluate their imports in order):
 *
 *   import '@picasso/local-stack/awslambda-global';
 *   import { handler } from '../src/handler';
 */
import { installAwsLambdaGlobal } from './streaming-response';

installAwsLambdaGlobal();
