import type { ExploreConfig } from '../../src/index.js'
import { createGameApp } from '../voxology-guessing-game/app.js'

/** The guessing game: the number is always 42, so the hints can win it. */
export default {
  target: createGameApp({ publicUrl: 'https://game.example.com', pick: () => 42 }),
  options: {
    platform: 'voxology',
    webhookPath: '/game',
    setup: (call) => call.fromCaller('+14155550100'),
    hints: { '/guess/i': ['42#', '50#', '25#'] },
  },
} satisfies ExploreConfig
