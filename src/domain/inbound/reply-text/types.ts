/** The three parts of a customer's email reply. */
export interface ExtractedReply {
  /** What the sender newly wrote (inline answers between quoted blocks included). */
  reply: string;
  /** The cut quoted history, including the quote header line(s) ("On … wrote:", From:/Sent:/To: blocks, separators). */
  quoted: string;
  /** A trailing signature or mobile footer ("-- " block, "Sent from my iPhone", …), without the "-- " line itself. */
  signature: string;
}
