/** Every action type callspec knows, in the order of the note. */
export const ACTION_TYPES = [
  'SAY',
  'PLAY',
  'COLLECT',
  'CONFERENCE',
  'LABEL',
  'GOTO',
  'IF',
  'SESSIONDATA',
  'REDIRECT',
  'HANGUP',
  'DIAL',
  'RECORD',
  'QUEUE',
  'DETECT',
] as const
