/** `@picasso/shared/aws`: what every adapter shares, with no SDK client. Clients: `@picasso/shared/aws/<service>`. */
export { baseClientConfig, isTransientAwsError, perColdStart, type Env } from './client-config';
