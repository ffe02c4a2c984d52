# exec.s - programs: finding one in the image's file table, loading it
# into a process's memory with its arguments (OSTEP's "allocate memory for
# program; load program into memory; set up user stack with argc/argv;
# fill kernel stack with reg/PC"), and the exec and progs system calls.
#
# The loader left the file table in RAM (boot information: BOOT_FILES,
# BOOT_NFILES): each entry (FILE_*) names a file and where its bytes are.
# A program is a file that is an image (docs/isa.md section 11) linked at
# virtual address 0: its segments are copied to their virtual addresses
# in the process's region, which is laid out as
#     0 .. prog_end                the segments (bss zeroed), rounded up to 16
#     prog_end .. + USTACK_BYTES   the user stack; the top holds argv
# and BOUND = prog_end + USTACK_BYTES, the initial break.

	.text

# prog_find: the file table entry of the program called a0.
#   in:  a0 = a NUL-terminated name (kernel memory)
#   out: a0 = the FILE_* entry (physical), or 0.
#   Clobbers a1, t0, t1.
prog_find:
	push	ra
	push	s1
	push	s2
	push	s3
	mov	s3, a0
	la	t0, files_dir
	lw	s1, 0(t0)			# s1 = the entry
	la	t0, files_count
	lw	s2, 0(t0)			# s2 = entries left
prog_find_next:
	li	a0, 0
	beqz	s2, prog_find_out
	lw	a0, FILE_NAME(s1)
	mov	a1, s3
	call	kstreq
	bnez	a0, prog_find_found
	addi	s1, s1, FILE_BYTES
	addi	s2, s2, -1
	j	prog_find_next
prog_find_found:
	mov	a0, s1
prog_find_out:
	pop	s3
	pop	s2
	pop	s1
	pop	ra
	ret

# prog_image: is the file a0 a program, an image we can load?  Checks its
# header: magic, version, and a segment table that lies inside the file.
#   in:  a0 = a FILE_* entry.  out: a0 = its image (physical), or 0.
#   Clobbers t0-t3.
prog_image:
	lw	t0, FILE_LEN(a0)
	lw	a0, FILE_DATA(a0)		# a0 = the image (16-aligned)
	li	t1, IMG_HDR_BYTES
	bltu	t0, t1, prog_image_no
	lw	t1, IMG_HDR_MAGIC(a0)
	li	t2, IMG_MAGIC
	bne	t1, t2, prog_image_no
	lw	t1, IMG_HDR_VERSION(a0)
	li	t2, IMG_VERSION
	bne	t1, t2, prog_image_no
	lw	t1, IMG_HDR_SEGS(a0)		# the segment table: aligned, inside
	andi	t2, t1, 3
	bnez	t2, prog_image_no
	lw	t2, IMG_HDR_NSEGS(a0)
	beqz	t2, prog_image_no
	li	t3, 1024			# (IMG_MAX_SEGS is far less)
	bgeu	t2, t3, prog_image_no
	li	t3, IMG_SEG_BYTES
	mul	t2, t2, t3
	bltu	t0, t1, prog_image_no		# table start <= length
	sub	t0, t0, t1
	bltu	t0, t2, prog_image_no		# table size <= length - start
	ret
prog_image_no:
	li	a0, 0
	ret

# args_fetch: copy exec's argv, strings and all, from the caller's memory
# into the kernel (kargs_*), before its memory is replaced.  Every word of
# the array and every byte of every string is checked against the bound.
# argv = 0 means no arguments: argv becomes { name }.
#   in:  a0 = argv (user address) or 0; kname = the program name
#   out: a0 = argc, or -EFAULT, -EINVAL (more than ARGV_MAX arguments or
#        more than ARGV_BYTES of strings).
#   Clobbers a1-a3, t0-t3.  Kernel mode, in a syscall (or at boot, argv = 0).
args_fetch:
	push	ra
	push	s1
	push	s2
	push	s3
	mov	s1, a0				# s1 = argv
	la	s2, kargs_buf			# s2 = where the next string goes
	li	s3, 0				# s3 = argc
	bnez	s1, args_fetch_next
	mov	a0, s2				# no argv: { name }
	la	a1, kname
	li	a2, ARGV_BYTES
	call	kstrlcpy
	la	a0, kargs_buf
	call	kstrlen
	add	s2, s2, a0
	addi	s2, s2, 1
	li	s3, 1
	j	args_fetch_done
args_fetch_next:
	slli	t0, s3, 2			# argv[argc]: 4 bytes of user memory
	add	a1, s1, t0
	bltu	a1, s1, args_fetch_fault	# wrapped around
	la	a0, kargs_word
	li	a2, 4
	call	copyin
	bnez	a0, args_fetch_out
	la	t0, kargs_word
	lw	a1, 0(t0)
	beqz	a1, args_fetch_done		# the 0 that ends the array
	li	t0, ARGV_MAX
	beq	s3, t0, args_fetch_inval
	mov	a0, s2				# the string, into the room left
	la	t0, kargs_buf + ARGV_BYTES
	sub	a2, t0, s2
	call	fetch_str
	blt	a0, zero, args_fetch_out
	add	s2, s2, a0
	addi	s2, s2, 1			# and its NUL
	addi	s3, s3, 1
	j	args_fetch_next
args_fetch_done:
	la	t0, kargs_count
	sw	s3, 0(t0)
	la	t0, kargs_buf
	sub	t1, s2, t0
	la	t0, kargs_len
	sw	t1, 0(t0)
	mov	a0, s3
	j	args_fetch_out
args_fetch_fault:
	li	a0, -EFAULT
	j	args_fetch_out
args_fetch_inval:
	li	a0, -EINVAL
args_fetch_out:
	pop	s3
	pop	s2
	pop	s1
	pop	ra
	ret

# prog_load: give process a0 a new memory holding program a1, with the
# arguments in kargs_* on its stack, and a trap frame that starts it at the
# program's entry.  Only when all of it succeeded is its old region (if
# any) freed: on an error the process is unchanged.
# Clearing the new memory and loading the program grow with its size, so
# they go a chunk at a time with preemption points between (klib.s:
# kzero_chunked, kmemcpy_chunked); while this process waits for its turn,
# another one may exec too and refill kargs_*.  So the argument strings go
# to their final place at the top of the new memory first, before any
# preemption point, and argc is kept on this kernel stack.
#   in:  a0 = the PCB, a1 = the program's FILE_* entry
#   out: a0 = 0, -ENOENT (not a loadable image), -ENOMEM (no hole big
#        enough), -EINTR (killed meanwhile: the new memory is freed)
#   Clobbers a1-a3, t0-t3.  Kernel mode, IE = 0.
PL_BASE		= 0			# prog_load's locals: the new base,
PL_SIZE		= 4			# its size,
PL_ARGC		= 8			# argc,
PL_STRINGS	= 12			# the strings' virtual address
PL_FRAME	= 32
prog_load:
	addi	sp, sp, -PL_FRAME
	sw	ra, PL_FRAME - 4(sp)
	sw	s1, PL_FRAME - 8(sp)
	sw	s2, PL_FRAME - 12(sp)
	sw	s3, PL_FRAME - 16(sp)
	sw	fp, PL_FRAME - 20(sp)
	mov	s1, a0				# s1 = the PCB
	mov	s2, a1				# s2 = the file entry
	mov	a0, s2
	call	prog_image
	beqz	a0, prog_load_noent
	mov	s3, a0				# s3 = the image
	# prog_end = the highest segment end, each segment checked to lie
	# inside the file.
	lw	t0, IMG_HDR_NSEGS(s3)
	lw	t1, IMG_HDR_SEGS(s3)
	add	t1, s3, t1			# t1 = the segment entry
	li	fp, 0				# fp = prog_end
prog_load_end:
	lw	t2, IMG_SEG_FILESZ(t1)
	lw	t3, IMG_SEG_MEMSZ(t1)
	bltu	t3, t2, prog_load_noent		# filesz > memsz
	lw	a2, IMG_SEG_OFFSET(t1)
	add	a2, a2, t2
	bltu	a2, t2, prog_load_noent		# offset + filesz wraps
	lw	a3, FILE_LEN(s2)
	bltu	a3, a2, prog_load_noent		# ...or passes the file's end
	lw	t2, IMG_SEG_ADDR(t1)
	add	t2, t2, t3			# segment end = addr + memsz
	bltu	t2, t3, prog_load_noent
	bgeu	fp, t2, prog_load_end_next
	mov	fp, t2
prog_load_end_next:
	addi	t1, t1, IMG_SEG_BYTES
	addi	t0, t0, -1
	bnez	t0, prog_load_end
	lui	t0, 0x4000			# far beyond any RAM: cannot fit
	bgeu	fp, t0, prog_load_nomem
	addi	fp, fp, 15
	li	t0, -16
	and	fp, fp, t0
	lw	t0, IMG_HDR_ENTRY(s3)		# the entry must be inside, and
	bgeu	t0, fp, prog_load_noent
	andi	t0, t0, 3			# an instruction's address (else
	bnez	t0, prog_load_noent		# our iret would fault)
	# OS: allocate memory for program: its segments and its stack.
	li	t0, USTACK_BYTES
	add	a0, fp, t0
	sw	a0, PL_SIZE(sp)
	call	mem_alloc
	beqz	a0, prog_load_nomem
	sw	a0, PL_BASE(sp)
	la	a0, s_note_alloc
	call	trace_note
	# The argument strings, at the top of the region, word-aligned, out
	# of the kernel's shared buffers before the first preemption point.
	la	t0, kargs_count
	lw	t0, 0(t0)
	sw	t0, PL_ARGC(sp)
	lw	t0, PL_SIZE(sp)			# top (virtual) = size
	la	a2, kargs_len
	lw	a2, 0(a2)
	sub	t0, t0, a2
	li	t1, -4
	and	t0, t0, t1
	sw	t0, PL_STRINGS(sp)
	lw	a0, PL_BASE(sp)
	add	a0, a0, t0
	la	a1, kargs_buf
	call	kmemcpy
	# Zero what lies below them: bss and stack (16 bytes a turn up to the
	# last multiple of 16, then the few bytes left).
	lw	a0, PL_BASE(sp)
	lw	a1, PL_STRINGS(sp)
	li	t0, -16
	and	a1, a1, t0
	call	kzero_chunked
	bnez	a0, prog_load_killed
	lw	t1, PL_STRINGS(sp)
	li	t0, -16
	and	a0, t1, t0
	sub	a1, t1, a0
	lw	t0, PL_BASE(sp)
	add	a0, a0, t0
	call	kzero
	# OS: load program into memory: each segment's file bytes at its
	# virtual address (the rest of memsz stays zero).
	li	a0, OSEV_LOAD			# [os] load program NAME into pid N
	lw	a1, PCB_PID(s1)
	lw	a2, FILE_NAME(s2)
	call	trace
	lw	fp, IMG_HDR_NSEGS(s3)
	lw	s2, IMG_HDR_SEGS(s3)
	add	s2, s3, s2			# s2 = the segment entry now
prog_load_seg:
# >>> kit memory: copy each segment's file bytes to BASE + its address; a preemption point between two
	lw	a0, IMG_SEG_ADDR(s2)
	lw	t0, PL_BASE(sp)
	add	a0, a0, t0			# base + addr
	lw	a1, IMG_SEG_OFFSET(s2)
	add	a1, a1, s3			# image + offset
	lw	a2, IMG_SEG_FILESZ(s2)
	call	kmemcpy_chunked
	bnez	a0, prog_load_killed
	addi	s2, s2, IMG_SEG_BYTES
	addi	fp, fp, -1
	beqz	fp, prog_load_stack
	call	preempt_point			# between two segments too
	bnez	a0, prog_load_killed
	j	prog_load_seg
# <<< kit memory
prog_load_stack:
	# OS: set up user stack with argc/argv.  At the top of the region, the
	# strings (already there), under them the array of their virtual
	# addresses ending with 0, and sp 16-aligned below.
	la	a0, s_note_stack
	call	trace_note
	lw	s2, PL_STRINGS(sp)		# s2 = the strings (virtual)
	lw	t0, PL_ARGC(sp)			# t0 = argc
	addi	t1, t0, 1
	slli	t1, t1, 2
	sub	fp, s2, t1			# fp = argv (virtual)
	lw	t3, PL_BASE(sp)
	add	t1, t3, fp			# t1 = argv (physical)
	add	t2, t3, s2			# t2 = the string (physical)
prog_load_argv:
	beqz	t0, prog_load_argv_end
	sub	t3, t2, t3			# its virtual address
	sw	t3, 0(t1)
	addi	t1, t1, 4
	lw	t3, PL_BASE(sp)
prog_load_skip:					# past its NUL
	lbu	a0, 0(t2)
	addi	t2, t2, 1
	bnez	a0, prog_load_skip
	addi	t0, t0, -1
	j	prog_load_argv
prog_load_argv_end:
	sw	zero, 0(t1)			# argv[argc] = 0
	# OS: fill kernel stack with reg/PC: the trap frame iret will use,
	# as if the program had trapped just before its first instruction:
	# pc = entry, user mode with interrupts on, sp = the user stack,
	# a0 = argc, a1 = argv, every other register 0.
	la	a0, s_note_kstack
	call	trace_note
	lw	s2, PCB_KSTACK(s1)
	addi	s2, s2, -TF_BYTES		# s2 = the trap frame
	mov	a0, s2
	li	a1, TF_BYTES
	call	kzero
	lw	t0, PL_ARGC(sp)
	sw	t0, TF_A0(s2)
	sw	fp, TF_A1(s2)
	lw	t0, IMG_HDR_ENTRY(s3)
	sw	t0, TF_PC(s2)
	li	t0, STATUS_UM | STATUS_IE
	sw	t0, TF_STATUS(s2)
	li	t0, -16
	and	t0, fp, t0
	sw	t0, TF_SP(s2)
	# The process is the new program now: free the old region, switch to
	# the new one, take the program's name, forget any alarm.
	lw	t0, PCB_BOUND(s1)
	beqz	t0, prog_load_fresh
	lw	a0, PCB_BASE(s1)
	call	mem_free
prog_load_fresh:
	lw	t0, PL_BASE(sp)
	sw	t0, PCB_BASE(s1)
	lw	t0, PL_SIZE(sp)
	sw	t0, PCB_BOUND(s1)
	sw	zero, PCB_ALARM_TICKS(s1)
	sw	zero, PCB_ALARM_AT(s1)
	sw	zero, PCB_ALARM_CTX(s1)
	sw	zero, PCB_IN_ALARM(s1)
	lw	t0, PCB_PENDING(s1)
	li	t1, ~PEND_ALARM
	and	t0, t0, t1
	sw	t0, PCB_PENDING(s1)
	li	a0, 0
	j	prog_load_out
prog_load_killed:				# killed midway: give the new memory back
	lw	a0, PL_BASE(sp)
	call	mem_free
	li	a0, -EINTR
	j	prog_load_out
prog_load_noent:
	li	a0, -ENOENT
	j	prog_load_out
prog_load_nomem:
	li	a0, -ENOMEM
prog_load_out:
	lw	fp, PL_FRAME - 20(sp)
	lw	s3, PL_FRAME - 16(sp)
	lw	s2, PL_FRAME - 12(sp)
	lw	s1, PL_FRAME - 8(sp)
	lw	ra, PL_FRAME - 4(sp)
	addi	sp, sp, PL_FRAME
	ret

# prog_name: copy the program's name into the PCB (at most PNAME_BYTES - 1
# bytes).  in: a0 = the PCB, a1 = the FILE_* entry.  Clobbers a0-a2, t0.
prog_name:
	addi	a0, a0, PCB_NAME
	lw	a1, FILE_NAME(a1)
	li	a2, PNAME_BYTES
	j	kstrlcpy

# sys_exec: exec(name, argv): replace the caller's program.  The name and
# the arguments come through the kernel (the old memory is going away),
# then prog_load builds the new memory and trap frame.  On success the
# caller's return-from-trap lands at the new program's entry.
#   -> does not return (a0 = argc there), -ENOENT, -EFAULT, -EINVAL, -ENOMEM
sys_exec:
	push	ra
	push	s1
	push	s2
	mov	s2, a1				# s2 = argv
	mov	a1, a0
	la	a0, kname
	li	a2, KNAME_BYTES
	call	fetch_str
	li	t0, -EFAULT
	beq	a0, t0, sys_exec_out
	blt	a0, zero, sys_exec_noent	# longer than any name
	la	a0, kname
	call	prog_find
	beqz	a0, sys_exec_noent
	mov	s1, a0				# s1 = the file
	call	prog_image
	beqz	a0, sys_exec_noent
	mov	a0, s2
	call	args_fetch
	blt	a0, zero, sys_exec_out
	mov	a0, s0
	mov	a1, s1
	call	prog_load
	bnez	a0, sys_exec_out
	mov	a0, s0
	mov	a1, s1
	call	prog_name
# >>> kit memory: it returns into the new memory: the machine's BASE and BOUND
	lw	t0, PCB_BASE(s0)		# it returns into the new memory
	mtcr	CR_BASE, t0
	lw	t0, PCB_BOUND(s0)
	mtcr	CR_BOUND, t0
# <<< kit memory
	lw	t0, PCB_KSTACK(s0)
	lw	a0, TF_A0 - TF_BYTES(t0)	# argc (syscall_done stores a0)
	j	sys_exec_out
sys_exec_noent:
	li	a0, -ENOENT
sys_exec_out:
	pop	s2
	pop	s1
	pop	ra
	ret

# sys_progs: progs(buf, n): the names of the programs exec can run, one
# per line, truncated to n bytes.  -> bytes written, -EFAULT
sys_progs:
	push	ra
	push	s1
	push	s2
	push	s3
	push	fp
	mov	s2, a1				# s2 = n
	call	user_ptr			# buf .. buf+n inside the bound?
	beqz	a0, sys_progs_fault
	mov	s1, a0				# s1 = where the next byte goes
	add	s2, s1, s2			# s2 = end of buf
	push	s1				# 0(sp) = start of buf
	la	t0, files_dir
	lw	fp, 0(t0)			# fp = the entry
	la	t0, files_count
	lw	s3, 0(t0)			# s3 = entries left
sys_progs_file:
	beqz	s3, sys_progs_done
	mov	a0, fp
	call	prog_image
	beqz	a0, sys_progs_next		# not a program
	lw	t0, FILE_NAME(fp)
sys_progs_byte:
	lbu	t1, 0(t0)
	beqz	t1, sys_progs_newline
	beq	s1, s2, sys_progs_done
	sb	t1, 0(s1)
	addi	s1, s1, 1
	addi	t0, t0, 1
	j	sys_progs_byte
sys_progs_newline:
	beq	s1, s2, sys_progs_done
	li	t1, '\n'
	sb	t1, 0(s1)
	addi	s1, s1, 1
sys_progs_next:
	addi	fp, fp, FILE_BYTES
	addi	s3, s3, -1
	j	sys_progs_file
sys_progs_done:
	pop	t0
	sub	a0, s1, t0
	j	sys_progs_out
sys_progs_fault:
	li	a0, -EFAULT
sys_progs_out:
	pop	fp
	pop	s3
	pop	s2
	pop	s1
	pop	ra
	ret

	.data
s_note_alloc:	.asciz	"allocate memory for program"
s_note_stack:	.asciz	"set up user stack with argc/argv"
s_note_kstack:	.asciz	"fill kernel stack with reg/PC"
	.align	4
files_dir:	.word	0		# the file table (BOOT_FILES)
files_count:	.word	0		# its entries (BOOT_NFILES)
kname:		.space	KNAME_BYTES	# exec's program name, copied in
kargs_count:	.word	0		# exec's arguments, copied in: argc,
kargs_len:	.word	0		# bytes of strings (NULs included),
kargs_word:	.word	0		# (one word of the user's argv)
kargs_buf:	.space	ARGV_BYTES	# and the strings, one after the other
