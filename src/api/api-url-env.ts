/**
 * The environment variable a `callspec run --start` command reads the fake API's URL of a platform
 * from: `webex-connect` → CALLSPEC_WEBEX_CONNECT_API_URL (cli/platform-apis.ts sets it; a hint that
 * tells a scenario file's user how to reach the API names it).
 */
export const apiUrlEnvName = (platform: string): string => `CALLSPEC_${platform.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_URL`
