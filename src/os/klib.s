# klib.s - the kernel's small library: announcing events on the trace port,
# printing on the console, copying and clearing memory, comparing strings.
# All of it runs in kernel mode on physical addresses and never touches
# user memory on its own: callers check user pointers first (mem.s).
# Unless a contract says otherwise, these are leaves that use no stack.

	.text

# ---- The trace port -----------------------------------------------------------

# trace: announce an OS event (trace_events.def) on the trace port; vm run
# --trace prints it as an [os] line beside the hardware's [hw] lines.
#   in:  a0 = OSEV_* code, a1 = argument 0, a2 = argument 1
#   Clobbers t0.  Kernel mode, any IE.
trace:
	lui	t0, %hi(DEV_BASE)
	sw	a1, DEV_TRACE_ARG0 - DEV_BASE(t0)
	sw	a2, DEV_TRACE_ARG1 - DEV_BASE(t0)
	sw	a0, DEV_TRACE_EVENT - DEV_BASE(t0)	# the event, with the two arguments
	ret

# trace_note: announce OSEV_NOTE with a fixed string: a protocol step that
# has no event code of its own ("set up user stack with argc/argv").
#   in:  a0 = the NUL-terminated string (physical address)
#   Clobbers t0.  Kernel mode, any IE.
trace_note:
	lui	t0, %hi(DEV_BASE)
	sw	a0, DEV_TRACE_ARG0 - DEV_BASE(t0)
	li	a0, OSEV_NOTE
	sw	a0, DEV_TRACE_EVENT - DEV_BASE(t0)
	ret

# ---- Console output ---------------------------------------------------------------

# kputc: print the byte in a0.  Clobbers t0.
kputc:
	lui	t0, %hi(DEV_BASE)
	sw	a0, DEV_CONS_OUT - DEV_BASE(t0)
	ret

# kputs: print the NUL-terminated string at a0.  Clobbers a0, t0, t1.
kputs:
	lui	t0, %hi(DEV_BASE)
kputs_byte:
	lbu	t1, 0(a0)
	beqz	t1, kputs_done
	sw	t1, DEV_CONS_OUT - DEV_BASE(t0)
	addi	a0, a0, 1
	j	kputs_byte
kputs_done:
	ret

# kputdec: print a0 as a signed decimal number.  Not a leaf: uses 16 bytes
# of stack (the digits, then ra).  Clobbers a0, t0-t3.
kputdec:
	addi	sp, sp, -16
	sw	ra, 12(sp)
	addi	t1, sp, 11			# digits are written backwards from sp + 11
	sb	zero, 0(t1)
	mov	t2, a0				# t2 = |a0|, t3 = the sign
	mov	t3, zero
	bge	a0, zero, kputdec_digit
	li	t3, 1
	neg	t2, a0
kputdec_digit:
	li	t0, 10
	remu	a0, t2, t0
	divu	t2, t2, t0
	addi	a0, a0, '0'
	addi	t1, t1, -1
	sb	a0, 0(t1)
	bnez	t2, kputdec_digit
	beqz	t3, kputdec_print
	li	a0, '-'
	addi	t1, t1, -1
	sb	a0, 0(t1)
kputdec_print:
	mov	a0, t1
	call	kputs
	lw	ra, 12(sp)
	addi	sp, sp, 16
	ret

# kputhex: print a0 as 0x and eight hex digits.  Clobbers a0, t0-t3.
kputhex:
	mov	t2, a0
	lui	t0, %hi(DEV_BASE)
	li	a0, '0'
	sw	a0, DEV_CONS_OUT - DEV_BASE(t0)
	li	a0, 'x'
	sw	a0, DEV_CONS_OUT - DEV_BASE(t0)
	li	t3, 8
kputhex_digit:
	srli	t1, t2, 28
	la	a0, hex_digits
	add	a0, a0, t1
	lbu	a0, 0(a0)
	sw	a0, DEV_CONS_OUT - DEV_BASE(t0)
	slli	t2, t2, 4
	addi	t3, t3, -1
	bnez	t3, kputhex_digit
	ret

# ---- Memory ----------------------------------------------------------------------

# kmemcpy: copy a2 bytes from a1 to a0 (the ranges must not overlap).
# When both addresses are multiples of 4 (process regions, an image's
# segments), four words a turn, then a word a turn; byte by byte for what
# is left, or for everything when they are not.
#   Clobbers a0-a2, t0-t3.
kmemcpy:
	or	t0, a0, a1
	andi	t1, t0, 3
	bnez	t1, kmemcpy_byte		# not both word-aligned
kmemcpy_16:
	sltiu	t0, a2, 16
	bnez	t0, kmemcpy_word		# less than 16 bytes left
	lw	t0, 0(a1)
	lw	t1, 4(a1)
	lw	t2, 8(a1)
	lw	t3, 12(a1)
	sw	t0, 0(a0)
	sw	t1, 4(a0)
	sw	t2, 8(a0)
	sw	t3, 12(a0)
	addi	a0, a0, 16
	addi	a1, a1, 16
	addi	a2, a2, -16
	j	kmemcpy_16
kmemcpy_word:
	sltiu	t0, a2, 4
	bnez	t0, kmemcpy_byte		# less than a word left
	lw	t0, 0(a1)
	sw	t0, 0(a0)
	addi	a0, a0, 4
	addi	a1, a1, 4
	addi	a2, a2, -4
	j	kmemcpy_word
kmemcpy_byte:
	beqz	a2, kmemcpy_done
	lbu	t0, 0(a1)
	sb	t0, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	j	kmemcpy_byte
kmemcpy_done:
	ret

# kzero: clear a1 bytes at a0; sixteen bytes a turn when a0 and a1 are
# multiples of 16.  Clobbers a0, a1, t0.
kzero:
	or	t0, a0, a1
	andi	t0, t0, 15
	add	a1, a0, a1			# a1 = the end
	bnez	t0, kzero_byte
kzero_16:
	beq	a0, a1, kzero_done
	sw	zero, 0(a0)
	sw	zero, 4(a0)
	sw	zero, 8(a0)
	sw	zero, 12(a0)
	addi	a0, a0, 16
	j	kzero_16
kzero_byte:
	beq	a0, a1, kzero_done
	sb	zero, 0(a0)
	addi	a0, a0, 1
	j	kzero_byte
kzero_done:
	ret

# ---- Long copies: with preemption points -----------------------------------------
# What a system call copies or clears on a process's behalf grows with the
# process (fork copies all of it, sbrk and exec clear megabytes): these do
# it COPY_CHUNK_BYTES at a time, with a preemption point (trap.s) between
# two chunks.  Not leaves: they use 16 bytes of stack.

# kmemcpy_chunked: kmemcpy, a chunk at a time.
#   in:  a0 = destination, a1 = source, a2 = bytes (ranges must not overlap)
#   out: a0 = 0, or -EINTR if the process was killed meanwhile (then only
#        a part was copied).  Clobbers a1-a3, t0-t3.
kmemcpy_chunked:
	addi	sp, sp, -16
	sw	ra, 12(sp)
	sw	s1, 8(sp)
	sw	s2, 4(sp)
	sw	s3, 0(sp)
	mov	s1, a0				# s1 = destination
	mov	s2, a1				# s2 = source
	mov	s3, a2				# s3 = bytes left
kmemcpy_chunked_next:
	li	a2, COPY_CHUNK_BYTES
	bgeu	s3, a2, kmemcpy_chunked_copy
	mov	a2, s3				# the last, shorter chunk
kmemcpy_chunked_copy:
	sub	s3, s3, a2
	mov	a0, s1
	mov	a1, s2
	add	s1, s1, a2
	add	s2, s2, a2
	call	kmemcpy
	li	a0, 0
	beqz	s3, chunked_out			# all done: no preemption point needed
	call	preempt_point
	beqz	a0, kmemcpy_chunked_next
	li	a0, -EINTR
	j	chunked_out

# kzero_chunked: kzero, a chunk at a time.
#   in:  a0 = start, a1 = bytes.
#   out: a0 = 0, or -EINTR (killed meanwhile: only a part is zero).
#   Clobbers a1-a3, t0-t3.
kzero_chunked:
	addi	sp, sp, -16
	sw	ra, 12(sp)
	sw	s1, 8(sp)
	sw	s2, 4(sp)
	sw	s3, 0(sp)
	mov	s1, a0				# s1 = start
	mov	s3, a1				# s3 = bytes left
kzero_chunked_next:
	li	a1, COPY_CHUNK_BYTES
	bgeu	s3, a1, kzero_chunked_zero
	mov	a1, s3
kzero_chunked_zero:
	sub	s3, s3, a1
	mov	a0, s1
	add	s1, s1, a1
	call	kzero
	li	a0, 0
	beqz	s3, chunked_out
	call	preempt_point
	beqz	a0, kzero_chunked_next
	li	a0, -EINTR
chunked_out:					# the shared epilogue of both
	lw	s3, 0(sp)
	lw	s2, 4(sp)
	lw	s1, 8(sp)
	lw	ra, 12(sp)
	addi	sp, sp, 16
	ret

# ---- Strings -------------------------------------------------------------------

# kstreq: are the NUL-terminated strings at a0 and a1 equal?
#   out: a0 = 1 if equal, else 0.  Clobbers a1, t0, t1.
kstreq:
	lbu	t0, 0(a0)
	lbu	t1, 0(a1)
	bne	t0, t1, kstreq_no
	beqz	t0, kstreq_yes
	addi	a0, a0, 1
	addi	a1, a1, 1
	j	kstreq
kstreq_yes:
	li	a0, 1
	ret
kstreq_no:
	li	a0, 0
	ret

# kstrlcpy: copy the string at a1 to a0, at most a2 - 1 bytes, always
# NUL-terminated (a2 >= 1).  Clobbers a0-a2, t0.
kstrlcpy:
	addi	a2, a2, -1
kstrlcpy_byte:
	beqz	a2, kstrlcpy_end
	lbu	t0, 0(a1)
	beqz	t0, kstrlcpy_end
	sb	t0, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	j	kstrlcpy_byte
kstrlcpy_end:
	sb	zero, 0(a0)
	ret

# kstrlen: a0 = the length of the string at a0.  Clobbers t0, t1.
kstrlen:
	mov	t0, a0
kstrlen_byte:
	lbu	t1, 0(t0)
	beqz	t1, kstrlen_done
	addi	t0, t0, 1
	j	kstrlen_byte
kstrlen_done:
	sub	a0, t0, a0
	ret

	.data
hex_digits:	.ascii	"0123456789abcdef"
	.align	4
