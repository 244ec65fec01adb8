// An app module that asks EnableX for something as it loads, with its credentials, before any call.
export const startup: { status: number; body: unknown } | { error: string } = await fetch('https://api.enablex.io/voice/v1/call/startup-check', {
  headers: { authorization: `Basic ${Buffer.from('the-apps-id:the-apps-key').toString('base64')}` },
}).then(
  async (res) => ({ status: res.status, body: JSON.parse(await res.text()) as unknown }),
  (error: unknown) => ({ error: String((error as { cause?: unknown }).cause ?? error) }),
)
