# mem.s - memory: the first-fit allocator of contiguous regions that gives
# each process its memory (OSTEP's "allocate memory for program"; the
# lecture's base & bound: one region per process, BASE = its start, BOUND =
# its size), and the checks every user pointer passes before the kernel
# touches it on the process's behalf.
#
# Free memory is [mem_start, mem_end): from the first MiB boundary after
# BOOT_FREE (after the kernel, the boot information and the programs the
# loader placed) to the end of RAM.
# The table `regions` records every region handed out; a hole is simply
# where no region is.  Regions start and end on 16-byte boundaries.

	.text

# mem_init: make [a0 rounded up to PROC_MEM_ALIGN, a1) the memory the
# allocator hands out.  Process memory starts at a fixed, round address (1
# MiB) rather than right after the kernel's last byte: a kernel that grows
# by one instruction must not move every process's BASE, or every trace,
# `ps` and test that shows one.
#   in:  a0 = first free byte (16-aligned), a1 = end of RAM
#   Clobbers t0.  Kernel mode, at boot.
mem_init:
	li	t0, PROC_MEM_ALIGN - 1
	add	a0, a0, t0
	li	t0, -PROC_MEM_ALIGN
	and	a0, a0, t0
	bgeu	a1, a0, mem_init_set
	mov	a0, a1				# RAM ends below it: no process memory
mem_init_set:
	la	t0, mem_start
	sw	a0, 0(t0)
	la	t0, mem_end
	sw	a1, 0(t0)
	ret

# mem_alloc: first fit.  Find the lowest address where a0 bytes fit without
# overlapping any region, and record a region there.  The candidate starts
# at mem_start; each time it overlaps a region it moves to that region's
# end and the scan starts again, so it ends at the first hole big enough.
#   in:  a0 = size in bytes (a multiple of 16, > 0)
#   out: a0 = physical base of the new region, or 0 if no hole is big enough
#        (or the table is full): nothing changes then.
#   Clobbers a1-a3, t0-t3.  Kernel mode, IE = 0.
mem_alloc:
	la	t0, mem_start
	lw	a1, 0(t0)			# a1 = the candidate base
	la	t3, regions + NREGIONS * REGION_BYTES
mem_alloc_rescan:
	add	a2, a1, a0			# a2 = candidate end
	bltu	a2, a1, mem_alloc_fail		# wrapped around: far too big
	la	t0, regions
mem_alloc_check:
	beq	t0, t3, mem_alloc_fits
	lw	t1, REGION_SIZE(t0)
	beqz	t1, mem_alloc_next		# unused entry
	lw	t2, REGION_BASE(t0)
	bgeu	t2, a2, mem_alloc_next		# region starts after the candidate
	add	t1, t2, t1			# t1 = region end
	bgeu	a1, t1, mem_alloc_next		# region ends before the candidate
	mov	a1, t1				# overlap: try right after this region
	j	mem_alloc_rescan
mem_alloc_next:
	addi	t0, t0, REGION_BYTES
	j	mem_alloc_check
mem_alloc_fits:
	la	t0, mem_end
	lw	t0, 0(t0)
	bltu	t0, a2, mem_alloc_fail		# past the end of RAM
	la	t0, regions			# record it in an unused entry
mem_alloc_slot:
	beq	t0, t3, mem_alloc_fail
	lw	t1, REGION_SIZE(t0)
	beqz	t1, mem_alloc_take
	addi	t0, t0, REGION_BYTES
	j	mem_alloc_slot
mem_alloc_take:
	sw	a1, REGION_BASE(t0)
	sw	a0, REGION_SIZE(t0)
	mov	a0, a1
	ret
mem_alloc_fail:
	li	a0, 0
	ret

# mem_free: give back the region that starts at a0 (nothing if none does).
#   Clobbers t0-t2.  Kernel mode, IE = 0.
mem_free:
	la	t0, regions
	la	t2, regions + NREGIONS * REGION_BYTES
mem_free_find:
	beq	t0, t2, mem_free_done
	lw	t1, REGION_SIZE(t0)
	beqz	t1, mem_free_next
	lw	t1, REGION_BASE(t0)
	beq	t1, a0, mem_free_it
mem_free_next:
	addi	t0, t0, REGION_BYTES
	j	mem_free_find
mem_free_it:
	sw	zero, REGION_SIZE(t0)
	sw	zero, REGION_BASE(t0)
mem_free_done:
	ret

# mem_grow: grow the region at a0, in place, to a1 bytes, if the memory
# right after it is free (and inside RAM).
#   in:  a0 = its base, a1 = the new size (a multiple of 16, >= the old)
#   out: a0 = 1 if it grew, 0 if it must move (nothing changed)
#   Clobbers a2, a3, t0-t3.  Kernel mode, IE = 0.
mem_grow:
	add	a2, a0, a1			# a2 = new end
	bltu	a2, a0, mem_grow_no
	la	t0, mem_end
	lw	t0, 0(t0)
	bltu	t0, a2, mem_grow_no
	la	t0, regions
	la	t3, regions + NREGIONS * REGION_BYTES
	li	a3, 0				# a3 = our entry
mem_grow_check:
	beq	t0, t3, mem_grow_decide
	lw	t1, REGION_SIZE(t0)
	beqz	t1, mem_grow_next
	lw	t2, REGION_BASE(t0)
	bne	t2, a0, mem_grow_other
	mov	a3, t0				# our own region
	j	mem_grow_next
mem_grow_other:
	bgeu	t2, a2, mem_grow_next		# starts after our new end
	add	t1, t2, t1
	bgeu	a0, t1, mem_grow_next		# ends before our start
	j	mem_grow_no			# in the way
mem_grow_next:
	addi	t0, t0, REGION_BYTES
	j	mem_grow_check
mem_grow_decide:
	beqz	a3, mem_grow_no
	sw	a1, REGION_SIZE(a3)
	li	a0, 1
	ret
mem_grow_no:
	li	a0, 0
	ret

# mem_in_use: how many bytes of process memory are allocated (for the
# power-off check: 0 when everything was freed).
#   out: a0 = bytes.  Clobbers t0-t2.
mem_in_use:
	li	a0, 0
	la	t0, regions
	la	t2, regions + NREGIONS * REGION_BYTES
mem_in_use_next:
	beq	t0, t2, mem_in_use_done
	lw	t1, REGION_SIZE(t0)
	add	a0, a0, t1
	addi	t0, t0, REGION_BYTES
	j	mem_in_use_next
mem_in_use_done:
	ret

# ---- User pointers -----------------------------------------------------------------
# The kernel runs with physical addresses, so it could read or write
# anything.  It acts for a process only inside that process's window: every
# pointer a syscall receives, with its length, must lie in [0, BOUND), the
# same test the hardware applies to the program itself (v + n <= BOUND,
# written so that it cannot overflow).  Otherwise the syscall fails with
# -EFAULT and nothing is touched.

# user_ptr: the physical address of user range [a0, a0 + a1) of the running
# process, if it lies inside its bound.
#   in:  a0 = virtual address, a1 = length in bytes
#   out: a0 = BASE + a0, or 0 if the range is not all inside [0, BOUND)
#        (0 is never a process address: regions start above the kernel)
#   Clobbers t0.  Kernel mode, in a syscall (CR_BASE/CR_BOUND are the caller's).
user_ptr:
# >>> kit syscall: 0 unless [a0, a0 + a1) lies inside [0, BOUND) (no overflow!), else BASE + a0
	mfcr	t0, CR_BOUND
	bltu	t0, a1, user_ptr_bad		# n > BOUND
	sub	t0, t0, a1
	bltu	t0, a0, user_ptr_bad		# v > BOUND - n
	mfcr	t0, CR_BASE
	add	a0, a0, t0
	ret
user_ptr_bad:
	li	a0, 0
	ret
# --- kit syscall: the starter has instead
#|	mfcr	t0, CR_BASE			# every pointer trusted, unchecked
#|	add	a0, a0, t0
#|	ret
# <<< kit syscall

# copyin: copy a2 bytes from user address a1 to kernel address a0.
#   out: a0 = 0, or -EFAULT (nothing copied).  Clobbers a1-a3, t0-t3.
copyin:
	push	ra
	mov	a3, a0
	mov	a0, a1
	mov	a1, a2
	call	user_ptr
	beqz	a0, copy_fault
	mov	a1, a0
	mov	a0, a3
	call	kmemcpy
	li	a0, 0
	pop	ra
	ret

# copyout: copy a2 bytes from kernel address a1 to user address a0.
#   out: a0 = 0, or -EFAULT (nothing copied).  Clobbers a1-a3, t0-t3.
copyout:
	push	ra
	mov	a3, a1
	mov	a1, a2
	call	user_ptr
	beqz	a0, copy_fault
	mov	a1, a3
	call	kmemcpy
	li	a0, 0
	pop	ra
	ret

copy_fault:					# shared tail of copyin and copyout
	li	a0, -EFAULT
	pop	ra
	ret

# fetch_str: copy the NUL-terminated string at user address a1 into the
# kernel buffer a0 of a2 bytes, checking each byte against the bound.
#   out: a0 = its length (without the NUL), -EFAULT if it leaves the
#        process's memory, -EINVAL if it does not fit in a2 bytes.
#   Clobbers a1-a3, t0-t3.
fetch_str:
	mfcr	t1, CR_BOUND
	mfcr	t2, CR_BASE
	mov	a3, a0				# a3 = start of the buffer
	add	t3, a0, a2			# t3 = end of the buffer
fetch_str_byte:
	beq	a0, t3, fetch_str_long
# >>> kit syscall: is this byte inside the bound?  Else -EFAULT
	bgeu	a1, t1, fetch_str_fault		# this byte is outside [0, BOUND)
# <<< kit syscall
	add	t0, a1, t2
	lbu	t0, 0(t0)
	sb	t0, 0(a0)
	beqz	t0, fetch_str_done
	addi	a0, a0, 1
	addi	a1, a1, 1
	j	fetch_str_byte
fetch_str_done:
	sub	a0, a0, a3
	ret
fetch_str_fault:
	li	a0, -EFAULT
	ret
fetch_str_long:
	li	a0, -EINVAL
	ret

	.data
	.align	4
mem_start:	.word	0		# first byte the allocator hands out (BOOT_FREE)
mem_end:	.word	0		# end of RAM (BOOT_MEMSIZE)
regions:	.space	NREGIONS * REGION_BYTES		# REGION_* entries
