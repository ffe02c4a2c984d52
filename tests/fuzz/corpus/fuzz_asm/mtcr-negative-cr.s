# found by fuzz_asm: a control-register number above 0xFFFF made check_cr
# index isa_cregs out of bounds (vm asm died with SIGSEGV; fixed in fa1b279).
	.text
_start:	mtcr	-4, a0
	mfcr	a0, 0x10000
	halt
