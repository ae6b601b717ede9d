/** Brussels operator suggestions for the operator field's <datalist> (the list itself lives in core). */
export const OPERATOR_SUGGESTIONS: readonly string[] = [];
