export { REDACTION_MARKERS, canonicalMarkerCase, redactPii, traceRedaction, trimTrailingPunctuation, truncateKeepingMarkers, type PiiKind, type RedactionResult, type RedactionTrace } from './redact';
export { MAX_REDACTION_DEPTH, redactJson, redactPayload, type RedactedJson } from './payload';
export { QUARANTINE_EXCERPT_LENGTH, quarantinedBody, type QuarantinedBody } from './quarantine';
