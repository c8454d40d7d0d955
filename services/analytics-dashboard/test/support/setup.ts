// Tell React this is a test environment that uses act() (Testing Library wraps its helpers in it).
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
