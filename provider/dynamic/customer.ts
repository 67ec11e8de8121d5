// The dynamic provider of every Customer. Pulumi stores it in state as a reference to this
// module, require("pulumi-branded-calling/dynamic/customer") (package.json "exports"): that
// name must keep working in every later version, since old stacks call it.
import { methodsFor } from './runtime';

export = methodsFor('customer');
