/**
 * The zod every schema uses: `zod/mini`, the functional API of the same zod 4 package (same checks,
 * issues and parsing; only what the schemas call is bundled, so both sites' first screens carry
 * less), configured with the English messages full zod sets by default, which the server's answers
 * carry and validation-messages.ts reads.
 */
import { z } from 'zod/mini';

z.config(z.locales.en());

export { z };
