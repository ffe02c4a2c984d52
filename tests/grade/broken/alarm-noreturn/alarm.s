# alarm.s, broken for tests/grade: the handler exits instead of calling
# sigreturn, so the loop it interrupted never goes on.
	.text
main:
	li	a0, 3
	la	a1, alarm.handler
	call	alarm
alarm.spin:
	j	alarm.spin
alarm.handler:
	la	a0, alarm.msg
	call	puts
	li	a0, 0
	call	exit

	.data
alarm.msg:	.asciz	"alarm: upcall! and that is the end of it"
