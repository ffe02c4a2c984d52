# seed: every handler is an illegal instruction, so each fault's handler
# faults again and trap entries nest until sp runs out (a double fault).
# vm run --max-instructions did not bound this before faults counted
# against the budget (review F2).
	.text
_start:	la	t0, vec
	mtcr	CR_IVEC, t0
	.word	0
handler:
	.word	0
vec:	.word	handler, handler, handler, handler, handler, handler, handler, handler, handler, handler
