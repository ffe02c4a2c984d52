/*
 * test_main.c - runs every CPU test group in one process, the coverage
 * meta-test last, so that it sees which instructions and causes the other
 * groups exercised.
 */
#include "cpu_fixture.h"

int main(void)
{
	int failed = 0;
	failed += cpu_tests_alu();
	failed += cpu_tests_mem();
	failed += cpu_tests_branch();
	failed += cpu_tests_trap();
	failed += cpu_tests_timer();
	failed += cpu_tests_devices();
	failed += cpu_tests_interp();
	failed += cpu_tests_reload();
	failed += cpu_tests_dcache();
	failed += cpu_tests_snapshot();
	failed += cpu_tests_coverage();
	return failed != 0;
}
