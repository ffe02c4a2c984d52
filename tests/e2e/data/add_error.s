# add_error.s - a program with a mistake, for vm run --add (tests/e2e)
	.text
main:
	li	a0, 0
	rett
