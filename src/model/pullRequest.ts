/** The pull request a run works on. */
export interface PullRequestRef {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
  readonly id?: string;
  readonly title?: string;
  readonly url?: string;
  readonly headRefName?: string;
  readonly headRefOid?: string;
  readonly baseRefName?: string;
  readonly state?: string;
}
