export const KIND_LABEL = {
  vision: 'Vision',
  goal: 'Goal',
  bet: 'Bet',
  initiative: 'Initiative',
} as const;
