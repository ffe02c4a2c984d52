# spin.s - a kernel-mode loop that never ends: only --max-instructions stops it.
	.text
_start:
	addi	t0, t0, 1
	j	_start
