# seed: one error of each kind the assembler reports, each on its own line
	.equ	A, 1
	.text
start:	addd	a0, a0
	lw	a0, 70000(a0)
	li	r16, 1
	.equ	A, 2
	.word	1 / 0
	.word	"unterminated
	.byte	'\q'
	.include "missing.s"
	.include ""
	.org	0x10
	.org	0x8
	mtcr	CR_INSTRET, a0
	mfcr	a0, 99
	slli	a0, a0, 32
	j	nowhere
	.entry	start
