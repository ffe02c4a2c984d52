# mtcr_negative.s - a control-register number outside 0..65535 is an
# error, not a crash (found by fuzzing the assembler).
	.text
_start:	mtcr	-4, a0
