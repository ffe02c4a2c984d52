# ps.s - a program named like a builtin of the shell, which vm run --add
# refuses: the shell would run its builtin instead (tests/e2e).
	.text
main:
	li	a0, 0
	ret
