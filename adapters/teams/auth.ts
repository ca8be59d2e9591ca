// The Agents SDK's auth configuration, built explicitly from our TeamsConfig.
// The SDK would otherwise read clientId/clientSecret/tenantId and Connections__* from the
// environment at module load (ENVIRONMENT.md): every key it could pick up from there is set
// here, so the bot's own MICROSOFT_APP_* settings are the only source.
import { AuthType, type AuthConfiguration } from '@microsoft/agents-hosting';
import type { TeamsConfig } from '../../src/config/config.js';

export const SERVICE_CONNECTION = 'serviceConnection';

export interface AuthOverrides {
  /** Entra authority, e.g. http://127.0.0.1:PORT/TENANT for a local key set in tests. */
  authorityEndpoint?: string;
  issuers?: string[];
}

export function buildAuthConfig(config: TeamsConfig, overrides: AuthOverrides = {}): AuthConfiguration {
  const connection: AuthConfiguration = {
    clientId: config.appId,
    clientSecret: config.appType === 'UserAssignedMSI' ? undefined : config.appPassword,
    tenantId: config.appType === 'MultiTenant' ? undefined : config.tenantId,
    authType: !config.appId ? undefined : config.appType === 'UserAssignedMSI' ? AuthType.UserManagedIdentity : AuthType.ClientSecret,
    certPemFile: undefined,
    certKeyFile: undefined,
    federatedClientId: undefined,
    connectionName: undefined,
    scopes: undefined,
    authorityEndpoint: overrides.authorityEndpoint,
    authority: overrides.authorityEndpoint,
    ...(overrides.issuers ? { issuers: overrides.issuers } : {}),
  };
  return {
    ...connection,
    connections: new Map([[SERVICE_CONNECTION, connection]]),
    connectionsMap: [{ serviceUrl: '*', connection: SERVICE_CONNECTION }],
  };
}
