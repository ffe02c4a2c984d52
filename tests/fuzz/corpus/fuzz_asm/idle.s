# idle.s - waits for an interrupt with no timer armed and no input: the
# machine can never wake, and vm must say so instead of hanging.
	.text
_start:
	wfi
	halt
