# bound-plus-4 - bound one word too large: dispatch gives the hardware a
# window one word past the process's memory, onto its neighbour's.
# file: proc.s
# assignment: switch
# expect: bound: read past the end
# lint: LDE004 error
s/^	mtcr	CR_BOUND, t0$/	addi	t0, t0, 4\n	mtcr	CR_BOUND, t0/
