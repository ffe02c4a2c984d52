# boot.s - the kernel's first instructions: OSTEP's "OS @ boot" column
# (initialize trap table, start interrupt timer), then the first process,
# pid 1 from the program `init`, created exactly as the "OS @ run" column
# says, and entered by return-from-trap.  The loader (vm run) left:
# pc = _start, a0 = the boot information (bootinfo.def), sp = the top of
# RAM, kernel mode, interrupts off, every control register 0.

	.text

_start:
	# RAM above the kernel is for processes: run on the kernel's own boot
	# stack from the start.
	la	sp, boot_stack_top
	mov	s0, a0				# s0 = the boot information
	lw	t0, BOOT_MAGIC(s0)
	li	t1, BOOTINFO_MAGIC
	la	a0, s_no_bootinfo
	bne	t0, t1, panic

	# OS @ boot: initialize trap table.  (Hardware: remember its address.)
	call	trap_init
	mov	a1, a0				# [os] boot: trap table at V, kernel stack at K
	la	a2, boot_stack_top
	li	a0, OSEV_BOOT
	call	trace

	# What the machine has: memory for processes from BOOT_FREE to the
	# end of RAM, the programs in the file table, the quantum asked for
	# (at least QUANTUM_MIN).
	lw	a0, BOOT_FREE(s0)
	lw	a1, BOOT_MEMSIZE(s0)
	call	mem_init
	lw	t0, BOOT_FILES(s0)
	la	t1, files_dir
	sw	t0, 0(t1)
	lw	t0, BOOT_NFILES(s0)
	la	t1, files_count
	sw	t0, 0(t1)
	lw	t0, BOOT_QUANTUM(s0)
	bnez	t0, boot_quantum_min
	li	t0, QUANTUM_DEFAULT
boot_quantum_min:
	# A quantum shorter than the kernel's own way from dispatch to the
	# process (a few dozen instructions) would expire before the process
	# ran at all: every time slice would be spent in the kernel.
	li	t1, QUANTUM_MIN
	bgeu	t0, t1, boot_quantum
	mov	t0, t1
boot_quantum:
	sw	t0, quantum(zero)
	call	proc_init

	# The one line the kernel prints:
	#     ldx kernel: 16 process slots, 16384 KiB RAM, quantum 10000
	la	a0, s_banner
	call	kputs
	li	a0, NPROC
	call	kputdec
	la	a0, s_banner_slots
	call	kputs
	lw	a0, BOOT_MEMSIZE(s0)
	srli	a0, a0, 10
	call	kputdec
	la	a0, s_banner_ram
	call	kputs
	lw	a0, quantum(zero)
	call	kputdec
	li	a0, '\n'
	call	kputc

	# OS @ boot: start interrupt timer.  Hardware: start timer; interrupt
	# the CPU every quantum instructions (CR_TPERIOD reloads it).
# >>> kit switch: start the timer: an interrupt every quantum instructions
	lw	t0, quantum(zero)
	mtcr	CR_TPERIOD, t0
	mtcr	CR_TIMER, t0
# <<< kit switch
	call	clock_init			# the clock starts now
	la	a0, s_note_timer
	call	trace_note

	# OS @ run: create entry for process list...
	li	a0, 0				# (parent: none)
	call	proc_alloc
	mov	s1, a0				# s1 = pid 1
	# ...allocate memory, load program, set up user stack with
	# argc/argv = { "init" }, fill kernel stack with reg/PC (prog_load).
	la	a0, kname
	la	a1, s_init
	li	a2, KNAME_BYTES
	call	kstrlcpy
	li	a0, 0
	call	args_fetch
	la	a0, kname
	call	prog_find
	la	t0, s_no_init
	beqz	a0, boot_fail
	mov	s2, a0				# s2 = the file
	mov	a0, s1
	mov	a1, s2
	call	prog_load
	la	t0, s_init_load
	bnez	a0, boot_fail
	mov	a0, s1
	mov	a1, s2
	call	prog_name
	# Its kernel thread starts in proc_start, on the trap frame just
	# filled, which goes on with return-from-trap.
	lw	t0, PCB_KSTACK(s1)
	addi	t0, t0, -TF_BYTES
	sw	t0, PCB_CONTEXT + CTX_SP(s1)
	la	t0, proc_start
	sw	t0, PCB_CONTEXT + CTX_RA(s1)
	# Run it: dispatch (BASE, BOUND, KSP, quantum), then switch from
	# the boot thread, which is never resumed, to pid 1's.
	mov	a0, s1
	li	a1, OSEV_SWITCH			# [os] switch to pid 1
	call	dispatch
	la	a0, boot_context
	addi	a1, s1, PCB_CONTEXT
	call	swtch
	la	a0, s_boot_resumed
	j	panic

boot_fail:					# t0 = what went wrong
	mov	a0, t0
	j	panic

	.data
s_banner:	.asciz	"ldx kernel: "
s_banner_slots:	.asciz	" process slots, "
s_banner_ram:	.asciz	" KiB RAM, quantum "
s_note_timer:	.asciz	"start interrupt timer"
s_init:		.asciz	"init"
s_no_bootinfo:	.asciz	"no boot information in a0"
s_no_init:	.asciz	"no program 'init' in the image"
s_init_load:	.asciz	"cannot load 'init': not a program, or not enough memory"
s_boot_resumed:	.asciz	"the boot thread was resumed"
	.align	4
boot_context:	.space	CTX_BYTES		# swtch saves the boot thread here, for nothing
	.align	16
boot_stack:	.space	BOOT_STACK_BYTES
boot_stack_top:
