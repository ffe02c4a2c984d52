# write-never-preempted - sys_write loops over its chunks without a
# preemption point: a long write keeps interrupts masked all along.
# file: syscall.s
# input: bigwrite\nexit\n
# codes: LDE010
# expect: interrupts stayed masked in kernel mode for
s/^	call	preempt_point			# let the others run (and keys in)$/	li	a0, 0/
