import { UserFacingError } from '../../../src/common/errors';

/** What the GitHub adapter throws for a refused token: a UserFacingError (the pipeline knows no more). */
export class GitHubAuthErrorLike extends UserFacingError {
  constructor() {
    super('GitHub rejected the token (401 Bad credentials): sign in again, or set GITHUB_TOKEN to a token with the repo scope.');
  }
}
