# faultstorm.s - a kernel whose fault handler faults itself: every trap entry
# lands on an illegal instruction again.  Faults retire nothing, but each
# counts against --max-instructions, so the run still ends when asked.
	.text
_start:
	la	t0, vec
	mtcr	CR_IVEC, t0
	.word	0			# illegal instruction
handler:
	.word	0			# ...and so is the handler
	.data
vec:	.word	handler, handler, handler, handler, handler
	.word	handler, handler, handler, handler, handler
