/** The bare workflow's activities do nothing: what is left is Temporal's own cost per step. */
export function createBareActivities() {
  return {
    async step(name: string): Promise<string> {
      return name;
    },
  };
}

export type BareActivities = ReturnType<typeof createBareActivities>;
