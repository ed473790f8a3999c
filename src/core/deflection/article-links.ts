// Links in suggestions that go through casebot's own KB pages can say which question they answer,
// so opening one counts in the deflection funnel ("an article opened"). The app supplies the
// tracker when it serves the pages; with an outside docs site (KB_BASE_URL) links stay as they are.
export interface ArticleLinkTracker {
  /** The article's link for the question `deflectionId` (unchanged when it is not one of ours). */
  forQuestion(url: string, deflectionId: string): string;
}
