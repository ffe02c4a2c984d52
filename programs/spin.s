# spin.s - spin [N]: counts to N in a loop that makes no system call (with
# no N, forever), then says so and exits.  The kernel never gets the CPU
# back from this loop by the program's good will: only the timer interrupt
# takes it back ("don't trust the process", OSTEP's non-cooperative
# approach).  Run it in the background and the shell still answers:
#     $ spin &
#     $ ps
# Each loop is two instructions, so `spin 50000` takes 100000 instructions:
# ten timer ticks at the default quantum.

	.text
main:
	push	ra
	li	s0, 0			# s0 = loops so far
	li	s1, 0			# s1 = N, 0 for "forever"
	li	t0, 2
	blt	a0, t0, spin.go
	lw	a0, 4(a1)
	call	atoi
	mov	s1, a0
spin.go:
	beqz	s1, spin.forever
spin.loop:				# no trap in here: only an interrupt
	addi	s0, s0, 1		# can take the CPU away
	bne	s0, s1, spin.loop
	la	a0, spin.s_done
	mov	a1, s0
	call	printf
	li	a0, 0
	pop	ra
	ret
spin.forever:
	addi	s0, s0, 1
	j	spin.forever

	.data
spin.s_done:	.asciz	"spin: %d loops done, without a single system call\n"
