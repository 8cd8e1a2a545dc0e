/** Keeps the last `max` bytes of a byte stream. */
export class OutputTail {
  private _chunks: Buffer[] = [];
  private _size = 0;
  private _truncated = false;

  constructor(private readonly _max: number) {}

  push(chunk: Buffer): void {
    this._chunks.push(chunk);
    this._size += chunk.length;
    while (this._size > this._max && this._chunks.length > 0) {
      const over = this._size - this._max;
      const head = this._chunks[0];
      this._truncated = true;
      if (head.length <= over) {
        this._chunks.shift();
        this._size -= head.length;
      } else {
        this._chunks[0] = head.subarray(over);
        this._size -= over;
      }
    }
  }

  text(): string {
    let bytes = Buffer.concat(this._chunks);
    if (this._truncated) {
      // The cut may fall inside a UTF-8 sequence; drop its orphaned continuation bytes.
      let i = 0;
      while (i < bytes.length && i < 3 && (bytes[i] & 0xc0) === 0x80) i++;
      bytes = bytes.subarray(i);
    }
    return bytes.toString('utf8');
  }
}
