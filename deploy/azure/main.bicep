// FaqBot on Azure: the Azure Bot registration with the Microsoft Teams and Direct Line channels, the bot's
// container on Azure Container Apps, and Azure Cache for Redis for the state its replicas share.
//
//   az deployment group create -g <group> -f deploy/azure/main.bicep -p deploy/azure/main.parameters.json
//
// Why Container Apps and not App Service: it runs the image of deploy/docker with the same startup, liveness
// and readiness probes as the Kubernetes manifests, where App Service has one health-check
// path; it scales replicas between a floor and a ceiling on HTTP load; and it serves HTTPS on its own domain,
// which the Bot Service and Teams require, with no certificate to manage.

@description('Prefix of every resource name.')
@minLength(3)
@maxLength(16)
param name string = 'faqbot'

@description('Region of everything but the bot registration, which is global.')
param location string = resourceGroup().location

@description('The FaqBot image, built from deploy/docker/Dockerfile and pushed to a registry.')
param containerImage string

@description('Registry of a private image (e.g. myregistry.azurecr.io); empty for a public image.')
param registryServer string = ''

param registryUsername string = ''

@secure()
param registryPassword string = ''

@description('UserAssignedMSI: the template creates a managed identity and the bot signs in with it (no password). SingleTenant or MultiTenant: an existing app registration, given by appId and appPassword.')
@allowed([
  'UserAssignedMSI'
  'SingleTenant'
  'MultiTenant'
])
param appType string = 'UserAssignedMSI'

@description('SingleTenant or MultiTenant: the app registration\'s application (client) id.')
param appId string = ''

@description('SingleTenant or MultiTenant: a client secret of that app registration.')
@secure()
param appPassword string = ''

@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Standard keeps a replica of the cache, so a patch or failover does not lose the feedback log; Basic has none.')
@allowed([
  'Basic'
  'Standard'
])
param redisSku string = 'Standard'

@minValue(0)
@maxValue(6)
param redisCapacity int = 0

@minValue(1)
param minReplicas int = 2

@minValue(1)
param maxReplicas int = 6

@allowed([
  'None'
  'Prometheus'
  'Otlp'
])
param telemetryExporter string = 'None'

@description('Otlp: where the collector listens, e.g. http://otel-collector:4317.')
param otlpEndpoint string = ''

var appName = '${name}-app'
var useManagedIdentity = appType == 'UserAssignedMSI'
// Bot handles and cache names are global across Azure.
var uniqueSuffix = uniqueString(resourceGroup().id)
// A multi-tenant app registration belongs to no one tenant.
var appTenantId = appType == 'MultiTenant' ? '' : tenant().tenantId
// The app's address, known before the app exists, so the bot registration need not wait for it.
var appFqdn = '${appName}.${appEnvironment.properties.defaultDomain}'
var port = 3978

resource logs 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: '${name}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appEnvironment 'Microsoft.App/managedEnvironments@2025-01-01' = {
  name: '${name}-env'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
  }
}

// The bot's identity when appType is UserAssignedMSI; created either way, it costs nothing unused.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: '${name}-identity'
  location: location
}

var botAppId = useManagedIdentity ? identity.properties.clientId : appId

resource redis 'Microsoft.Cache/redis@2024-11-01' = {
  name: '${name}-${uniqueSuffix}'
  location: location
  properties: {
    sku: {
      name: redisSku
      family: 'C'
      capacity: redisCapacity
    }
    enableNonSslPort: false
    minimumTlsVersion: '1.2'
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${name}-${uniqueSuffix}'
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: 'FaqBot'
    endpoint: 'https://${appFqdn}/api/messages'
    msaAppId: botAppId
    msaAppType: appType
    msaAppTenantId: empty(appTenantId) ? null : appTenantId
    msaAppMSIResourceId: useManagedIdentity ? identity.id : null
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
    }
  }
}

resource directLine 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'DirectLineChannel'
  location: 'global'
  properties: {
    channelName: 'DirectLineChannel'
    properties: {
      sites: [
        {
          siteName: 'FaqBot web chat'
          isEnabled: true
          isV1Enabled: false
          isV3Enabled: true
        }
      ]
    }
  }
}

var secrets = [
  {
    name: 'redis-connection-string'
    value: '${redis.properties.hostName}:${redis.properties.sslPort},password=${redis.listKeys().primaryKey},ssl=True,abortConnect=False'
  }
  {
    name: 'direct-line-secret'
    value: directLine.listChannelWithKeys().setting.sites[0].key
  }
  ...(useManagedIdentity ? [] : [
    {
      name: 'microsoft-app-password'
      value: appPassword
    }
  ])
  ...(empty(registryServer) ? [] : [
    {
      name: 'registry-password'
      value: registryPassword
    }
  ])
]

// The configuration keys FaqBot binds, as environment variables (':' written '__').
var settings = [
  {
    name: 'MicrosoftAppType'
    value: appType
  }
  {
    name: 'MicrosoftAppId'
    value: botAppId
  }
  {
    name: 'MicrosoftAppTenantId'
    value: appTenantId
  }
  {
    name: 'Redis__ConnectionString'
    secretRef: 'redis-connection-string'
  }
  {
    name: 'DirectLine__Secret'
    secretRef: 'direct-line-secret'
  }
  {
    name: 'Telemetry__Exporter'
    value: telemetryExporter
  }
  {
    name: 'Telemetry__OtlpEndpoint'
    value: otlpEndpoint
  }
  ...(useManagedIdentity ? [] : [
    {
      name: 'MicrosoftAppPassword'
      secretRef: 'microsoft-app-password'
    }
  ])
]

resource app 'Microsoft.App/containerApps@2025-01-01' = {
  name: appName
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    managedEnvironmentId: appEnvironment.id
    configuration: {
      ingress: {
        external: true
        targetPort: port
        transport: 'auto'
        allowInsecure: false
      }
      secrets: secrets
      registries: empty(registryServer) ? [] : [
        {
          server: registryServer
          username: registryUsername
          passwordSecretRef: 'registry-password'
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'faqbot'
          image: containerImage
          // About 430 MB resident; Container Apps pairs 1 CPU with 2 GiB.
          resources: {
            cpu: json('1.0')
            memory: '2Gi'
          }
          env: settings
          probes: [
            {
              type: 'Startup'
              httpGet: {
                path: '/healthz'
                port: port
              }
              periodSeconds: 3
              failureThreshold: 10
            }
            {
              type: 'Liveness'
              httpGet: {
                path: '/healthz'
                port: port
              }
              periodSeconds: 10
              failureThreshold: 3
            }
            {
              // Not /readyz, which also needs Redis: one cache outage would take every replica out of the
              // ingress at once, although each still answers without conversation context.
              type: 'Readiness'
              httpGet: {
                path: '/healthz'
                port: port
              }
              periodSeconds: 5
              failureThreshold: 2
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'http-load'
            http: {
              metadata: {
                concurrentRequests: '50'
              }
            }
          }
        ]
      }
    }
  }
}

@description('The messaging endpoint the Bot Service calls.')
output messagingEndpoint string = 'https://${app.properties.configuration.ingress.fqdn}/api/messages'

@description('MICROSOFT_APP_ID for deploy/teams/build-package.sh.')
output microsoftAppId string = botAppId

@description('BOT_WEBSITE_URL for deploy/teams/build-package.sh: the Web Chat page.')
output botWebsiteUrl string = 'https://${app.properties.configuration.ingress.fqdn}'
