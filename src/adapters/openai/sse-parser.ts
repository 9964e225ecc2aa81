/** One server-sent event: its `event:` name ('message' by default) and its joined `data:` lines. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Incremental parser for a `text/event-stream` body (the WHATWG server-sent events format).
 * Feed it the raw bytes as they arrive, in chunks of any size: UTF-8 sequences and lines
 * split across chunks, LF / CRLF / CR line ends, `:` comments and several events in one chunk
 * are all handled. It knows nothing about OpenAI; `[DONE]` is just data to it.
 */
export class SseParser {
  readonly #decoder = new TextDecoder('utf-8');
  #buffer = '';
  #data: string[] = [];
  #event = '';

  /** Parses the next chunk of bytes; returns the events it completed. */
  push(bytes: Uint8Array): SseEvent[] {
    return this.#feed(this.#decoder.decode(bytes, { stream: true }), false);
  }

  /** Flushes the decoder at the end of the body; an unterminated last event is still returned. */
  end(): SseEvent[] {
    const events = this.#feed(this.#decoder.decode(), true);
    this.#dispatch(events);
    return events;
  }

  #feed(text: string, final: boolean): SseEvent[] {
    const events: SseEvent[] = [];
    const buffer = this.#buffer + text;
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const char = buffer[i];
      if (char !== '\n' && char !== '\r') continue;
      // A CR as the last character may be the first half of a CRLF split across chunks.
      if (char === '\r' && i === buffer.length - 1 && !final) break;
      this.#line(buffer.slice(start, i), events);
      if (char === '\r' && buffer[i + 1] === '\n') i++;
      start = i + 1;
    }
    this.#buffer = buffer.slice(start);
    if (final && this.#buffer !== '') {
      this.#line(this.#buffer, events);
      this.#buffer = '';
    }
    return events;
  }

  #line(line: string, events: SseEvent[]): void {
    if (line === '') {
      this.#dispatch(events);
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.#data.push(value);
    else if (field === 'event') this.#event = value;
  }

  #dispatch(events: SseEvent[]): void {
    if (this.#data.length > 0) events.push({ event: this.#event || 'message', data: this.#data.join('\n') });
    this.#data = [];
    this.#event = '';
  }
}
