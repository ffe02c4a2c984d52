# beyond_ram.s - a segment placed at 32 MiB: it does not fit in 16 MiB of
# RAM (vm must refuse it), but runs, and halts with 0, in 64 MiB.
	.text
	.org	0x2000000
_start:
	li	a0, 0
	halt
