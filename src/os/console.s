# console.s - the console driver: the console-input interrupt feeds typed
# bytes into a line buffer with a line discipline (echo, backspace, a line
# is complete at '\n', Ctrl-C kills the foreground job), and read(0, ...)
# takes complete lines out of it, blocking until one is there.  Output
# (write to fd 1 or 2) is in syscall.s.
#
# The buffer is a ring of CONS_BUF_BYTES bytes with three running indices
# (xv6's console, the same idea):
#     cons_r  the next byte read() takes
#     cons_w  end of the complete lines (read() may take up to here)
#     cons_e  end of what is typed (the line being edited is cons_w..cons_e)
# Byte i lives at cons_buf + i % CONS_BUF_BYTES.

	.text

# cons_intr: OS side of the console interrupt: take the byte waiting in
# DEV_CONS_IN (reading it clears the interrupt, which is level-triggered)
# and pass it through the line discipline; then the next ones, as long as
# bytes are waiting, up to the end of the line.  (When the console is not
# a terminal, looking at DEV_CONS_STATUS fetches the next byte of the
# host's input, so a line typed by a script arrives, and is echoed, whole.)
#   Clobbers a0-a3, t0-t3.  Kernel mode, IE = 0; from any context.
cons_intr:
	push	ra
cons_intr_byte:
	lui	t0, %hi(DEV_BASE)
	lw	a0, DEV_CONS_IN - DEV_BASE(t0)
	call	cons_input
	bnez	a0, cons_intr_done		# a line is complete (or Ctrl-C): enough for now
	lui	t0, %hi(DEV_BASE)
	lw	t0, DEV_CONS_STATUS - DEV_BASE(t0)
	andi	t0, t0, CONS_READY
	bnez	t0, cons_intr_byte		# another byte waits
cons_intr_done:
	pop	ra
	ret

# cons_input: the line discipline for one typed byte (docs/kernel.md, "The
# console"), as a terminal's:
#   '\r' is taken as '\n'; backspace (0x08 or 0x7F) erases the last byte
#   of the line being edited, Ctrl-U (0x15) all of it; Ctrl-D (0x04) ends
#   the line without a newline and is kept in the buffer as a marker, so
#   that the read() that meets it returns just the bytes before it: some
#   (the rest of the input goes on), or none at the start of a line (0:
#   end of input, for that read only); Ctrl-C (0x03) is the interrupt
#   (cons_interrupt); any other byte is stored and echoed.  A full buffer
#   drops bytes, but first completes the line so that a reader always
#   makes progress.
#   in:  a0 = the byte.  out: a0 = 1 if it completed a line (or found the
#   buffer full, or was Ctrl-C: the bytes after it wait for whoever reads
#   next), else 0.
#   Clobbers a1-a3, t0-t3.  Kernel mode, IE = 0.
cons_input:
	push	ra
	la	a3, cons_r			# a3 = the indices: r, w, e at +0, +4, +8
	li	t0, '\r'
	bne	a0, t0, cons_input_not_cr
	li	a0, '\n'
cons_input_not_cr:
	li	t0, 0x08
	beq	a0, t0, cons_input_erase
	li	t0, 0x7F
	beq	a0, t0, cons_input_erase
	li	t0, 0x15
	beq	a0, t0, cons_input_kill
	li	t0, 0x03
	beq	a0, t0, cons_input_intr
	lw	t1, 0(a3)			# t1 = r
	lw	t2, 8(a3)			# t2 = e
	sub	t0, t2, t1
	li	t3, CONS_BUF_BYTES
	bgeu	t0, t3, cons_input_full		# full: drop it
	remu	t0, t2, t3
	la	t3, cons_buf
	add	t0, t0, t3
	sb	a0, 0(t0)			# store at e
	addi	t2, t2, 1
	sw	t2, 8(a3)			# e++
	li	t0, 0x04
	beq	a0, t0, cons_input_commit	# Ctrl-D: not echoed
	mov	t3, a0
	call	kputc				# echo
	la	a3, cons_r
	lw	t1, 0(a3)
	lw	t2, 8(a3)
	li	t0, '\n'
	beq	t3, t0, cons_input_commit
	sub	t0, t2, t1
	li	t3, CONS_BUF_BYTES
	bne	t0, t3, cons_input_done
cons_input_commit:				# a line is complete: w = e, wake readers
	sw	t2, 4(a3)
	la	a0, cons_buf
	call	wakeup
	li	a0, 1
	pop	ra
	ret
cons_input_erase:
	call	cons_input_erase_one
cons_input_done:
	li	a0, 0
	pop	ra
	ret
cons_input_kill:				# Ctrl-U: erase the whole line being edited
	call	cons_input_erase_one
	bnez	a0, cons_input_kill
	j	cons_input_done
cons_input_intr:				# Ctrl-C
	call	cons_interrupt
cons_input_full:				# no room: stop taking input for now
	li	a0, 1
	pop	ra
	ret

# cons_interrupt: Ctrl-C, the console's interrupt character, as a
# terminal's SIGINT: the line being edited is thrown away (^C and a newline
# on the screen say so), and every process that takes the interrupt is
# killed (syscall.s: kill_each, announced as [os] pid 0 kills pid N, pid 0
# being the kernel): not init, not a detached background job, not one that
# called intr(0), as the shell does.  If a process waits in read (the shell
# at its prompt), Ctrl-C is kept in the buffer as a marker, like Ctrl-D:
# the read that meets it returns -EINTR (the line it waited for is gone,
# and the shell prompts again), and until then the console waits for the
# reader, as it does when a line is complete.
#   Clobbers a0-a3, t0-t3.  Kernel mode, IE = 0; from any context.
cons_interrupt:
	push	ra
	la	t1, cons_r
	lw	t0, 4(t1)
	sw	t0, 8(t1)			# e = w: the line being edited is gone
	la	a0, s_intr_echo
	call	kputs
	la	a0, s_note_intr			# [os] console: Ctrl-C ...
	call	trace_note
	li	a0, 0				# kill_each(spare no one else,
	li	a1, 1				#   spare those Ctrl-C spares,
	li	a2, 0				#   killed by the kernel)
	call	kill_each
	lw	t0, cons_readers(zero)
	beqz	t0, cons_interrupt_done		# nobody reads: nothing to tell
	la	a3, cons_r
	lw	t1, 0(a3)			# r
	lw	t2, 8(a3)			# e
	sub	t0, t2, t1
	li	t3, CONS_BUF_BYTES
	bgeu	t0, t3, cons_interrupt_done	# full (of lines for the readers)
	remu	t0, t2, t3
	la	t3, cons_buf
	add	t0, t0, t3
	li	t1, 0x03
	sb	t1, 0(t0)			# the marker at e
	addi	t2, t2, 1
	sw	t2, 8(a3)			# e++
	sw	t2, 4(a3)			# w = e: for the readers
	la	a0, cons_buf
	call	wakeup
cons_interrupt_done:
	pop	ra
	ret

# cons_input_erase_one: erase the last byte of the line being edited, on
# the screen too (back, blank, back).
#   out: a0 = 1 if a byte was erased, 0 if the line was empty.
#   Clobbers t0-t2.
cons_input_erase_one:
	la	t2, cons_r
	lw	t1, 4(t2)			# w
	lw	t0, 8(t2)			# e
	li	a0, 0
	beq	t1, t0, cons_input_erase_none	# nothing typed on this line
	addi	t0, t0, -1
	sw	t0, 8(t2)
	lui	t0, %hi(DEV_BASE)
	li	t1, 0x08
	sw	t1, DEV_CONS_OUT - DEV_BASE(t0)
	li	t2, ' '
	sw	t2, DEV_CONS_OUT - DEV_BASE(t0)
	sw	t1, DEV_CONS_OUT - DEV_BASE(t0)
	li	a0, 1
cons_input_erase_none:
	ret

# cons_poll: look at the console.  Reading DEV_CONS_STATUS asks the host
# for input: a byte makes the console interrupt pending (taken as soon as
# interrupts are on), and the end of the host's input is seen here.  The
# idle loop calls this before it waits, and the timer handler while a
# process waits in read() for a line (none is complete: once one is, the
# console waits for the reader to take it): when the console is not a
# terminal, the host
# hands over input only when the machine looks (so that every run is the
# same), and a busy machine (a background job that never stops) would
# otherwise never look.  At the end of input, no line will ever complete:
# what is typed becomes a line and the readers wake, so that read() can
# return it, then 0.
#   out: a0 = 1 if readers were woken (the idle loop looks for a ready
#        process again instead of waiting), else 0.
#   Clobbers a1-a3, t0-t3.  Kernel mode, IE = 0.
cons_poll:
	la	t1, cons_r
	lw	t0, 0(t1)
	lw	t1, 4(t1)
	bne	t0, t1, cons_poll_no		# a line waits to be read: not now
	la	t1, cons_eof
	lw	t0, 0(t1)
	bnez	t0, cons_poll_no		# already known
	lui	t0, %hi(DEV_BASE)
	lw	t0, DEV_CONS_STATUS - DEV_BASE(t0)
	andi	t2, t0, CONS_READY
	bnez	t2, cons_poll_no		# a byte waits: its interrupt comes first
	andi	t2, t0, CONS_EOF
	beqz	t2, cons_poll_no
	li	t0, 1
	sw	t0, 0(t1)			# cons_eof = 1, for good
	la	t1, cons_r
	lw	t0, 8(t1)
	sw	t0, 4(t1)			# w = e: a last line without '\n'
	push	ra
	la	a0, cons_buf
	call	wakeup
	pop	ra
	li	a0, 1
	ret
cons_poll_no:
	li	a0, 0
	ret

# sys_read: read(fd, buf, n).  Blocks until a complete line is buffered
# (or the input has ended), then copies up to n bytes of it, stopping after
# the '\n'; the rest stays buffered for the next read.  A detached process
# (sys_detach: a background job) reads end of input at once.  Ctrl-C while
# it waits leaves a marker (cons_interrupt): the read that meets it first
# returns -EINTR (one that has copied bytes stops before it).
#   in:  a0 = fd (only 0, the console), a1 = buf, a2 = n; s0 = current PCB
#   out: a0 = bytes read, 0 at end of input, -EBADF, -EFAULT, -EINTR
#   Clobbers a1-a3, t0-t3.  Kernel mode, IE = 0; may block.
sys_read:
	bnez	a0, sys_read_badf
	lw	t0, PCB_DETACHED(s0)		# detached: the input is not for it
	bnez	t0, sys_read_detached
	push	ra
	push	s1
	push	s2
	mov	s2, a2				# s2 = n
	mov	a0, a1
	mov	a1, a2
	call	user_ptr
	beqz	a0, sys_read_fault
	mov	s1, a0				# s1 = physical buf
	beqz	s2, sys_read_done		# n = 0: a0 = 0... (set below)
sys_read_wait:					# OS: nothing to read yet: block
	la	t0, cons_r
	lw	t1, 0(t0)
	lw	t2, 4(t0)
	bne	t1, t2, sys_read_copy
	la	t0, cons_eof
	lw	t0, 0(t0)
	bnez	t0, sys_read_eof
	lw	t0, PCB_PENDING(s0)
	andi	t0, t0, PEND_KILL
	bnez	t0, sys_read_eof		# killed: stop waiting (it exits on the way out)
	lw	t0, cons_readers(zero)		# (the timer handler polls the
	addi	t0, t0, 1			# console while we wait)
	sw	t0, cons_readers(zero)
	la	a0, cons_buf
	call	sleep_on
	lw	t0, cons_readers(zero)
	addi	t0, t0, -1
	sw	t0, cons_readers(zero)
	j	sys_read_wait
sys_read_copy:					# copy bytes r..w, up to n, stop after '\n'
	la	a3, cons_r
	mov	a2, s1				# a2 = where the next byte goes
	add	s2, s1, s2			# s2 = end of buf
sys_read_byte:
	lw	t1, 0(a3)			# r
	lw	t2, 4(a3)			# w
	beq	t1, t2, sys_read_end
	beq	a2, s2, sys_read_end
	li	t3, CONS_BUF_BYTES
	remu	t0, t1, t3
	la	t3, cons_buf
	add	t0, t0, t3
	lbu	t0, 0(t0)			# the byte at r
	li	t3, 0x04
	beq	t0, t3, sys_read_ctrl_d
	li	t3, 0x03
	beq	t0, t3, sys_read_ctrl_c
	addi	t1, t1, 1
	sw	t1, 0(a3)			# r++
	sb	t0, 0(a2)
	addi	a2, a2, 1
	li	t3, '\n'
	bne	t0, t3, sys_read_byte
	j	sys_read_end
sys_read_ctrl_d:				# Ctrl-D ends this read: with the bytes
	addi	t1, t1, 1			# before it, or with none (a0 = 0: end
	sw	t1, 0(a3)			# of input, for this read only)
sys_read_end:
	sub	a0, a2, s1
	j	sys_read_out
sys_read_ctrl_c:				# Ctrl-C: the bytes before it, if any;
	bne	a2, s1, sys_read_end		# else it is consumed, and -EINTR
	addi	t1, t1, 1
	sw	t1, 0(a3)
	li	a0, -EINTR
	j	sys_read_out
sys_read_eof:
sys_read_done:
	li	a0, 0
	j	sys_read_out
sys_read_fault:
	li	a0, -EFAULT
sys_read_out:
	pop	s2
	pop	s1
	pop	ra
	ret
sys_read_badf:
	li	a0, -EBADF
	ret
sys_read_detached:
	li	a0, 0
	ret

	.data
	.align	4
cons_r:		.word	0		# next byte read() takes   (these three stay
cons_w:		.word	0		# end of complete lines     together: cons_input
cons_e:		.word	0		# end of typed input        uses +0, +4, +8)
cons_eof:	.word	0		# 1 once the host's input has ended
cons_buf:	.space	CONS_BUF_BYTES
s_intr_echo:	.asciz	"^C\n"
s_note_intr:	.asciz	"console: Ctrl-C: kill every process that takes the interrupt"
