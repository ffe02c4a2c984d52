# crt0.s - where every user program starts (the C runtime's "crt0", in our
# assembly).  Part of the user library in programs/lib/, which is assembled
# together with each program:  vm asm -o NAME.bin programs/lib/*.s programs/NAME.s
#
# The kernel has already done OSTEP's "set up user stack with argc/argv":
#   a0 = argc, a1 = argv (argc string pointers, then 0), sp = the stack,
#   16-aligned, ra = 0, every other register 0.
# So all that is left is "call main()" and, when main returns, exit(main's
# result): OSTEP's "return from main ... trap (via exit())".  _start keeps
# nothing in s0-s3 or fp, so main may use them without saving them.

	.text
_start:
	call	main			# main(argc, argv) -> a0
	call	exit			# exit(a0): never returns
