// The theory explorer's script (filled in with avgcon serve).
export {}
