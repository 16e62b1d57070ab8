"""Drawing valid instances and mutants from the model, shrinking them, and the plain
values blame puts in place of a refused one."""
