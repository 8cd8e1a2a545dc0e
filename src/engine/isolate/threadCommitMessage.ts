import { firstLine, threadLocation, type ReviewThread } from '../../model/thread';

/** Control characters would break the message's lines (the text is a reviewer's). */
function oneLineOf(text: string, max: number): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/**
 * The message of one thread's commit (SPEC §3 --commit-per-thread): subject
 * `Address review: PATH:LINE`, the comment's first line in the body, and a
 * `Review-Thread: URL` trailer, so that `git log` leads back to the conversation.
 */
export function threadCommitMessage(thread: ReviewThread): string {
  const subject = `Address review: ${oneLineOf(threadLocation(thread), 150)}`;
  const said = oneLineOf(firstLine(thread), 200);
  return `${subject}\n\n${said ? `${said}\n\n` : ''}Review-Thread: ${oneLineOf(thread.url, 500)}\n`;
}
