/** The baseline's one activity: does nothing but come back, so what is measured is the engine. */
export const baselineActivities = {
  async touch(id: string): Promise<string> {
    return id;
  },
};

export type BaselineActivities = typeof baselineActivities;
