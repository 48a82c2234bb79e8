/** A node of a parsed expression. */
export type ExpressionNode =
  | { type: "literal"; value: unknown }
  | { type: "identifier"; name: string }
  | { type: "member"; object: ExpressionNode; property: ExpressionNode; optional: boolean }
  | { type: "call"; callee: ExpressionNode; args: ExpressionNode[] }
  | { type: "unary"; operator: string; operand: ExpressionNode }
  | { type: "binary"; operator: string; left: ExpressionNode; right: ExpressionNode }
  | { type: "conditional"; test: ExpressionNode; consequent: ExpressionNode; alternate: ExpressionNode }
  | { type: "array"; elements: ExpressionNode[] }
  | { type: "map"; entries: { key: ExpressionNode; value: ExpressionNode }[] };
