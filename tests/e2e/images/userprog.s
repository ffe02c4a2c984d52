# userprog.s - a user program of its own (not one the kernel carries): its
# first instruction is a system call, exit(0).  Run on the bare machine it
# finds no trap table: vm says to run it under the kernel (status 123).
	.text
_start:
	li	a0, 0
	li	t0, SYS_EXIT
	trap
