/** Money: integer fen as a string (GraphQL's Int is 32-bit), and the same amount in yuan with two decimals. */
import { fenToYuan } from '../../services/cases/money.ts';
import { builder } from '../builder.ts';

export const MoneyRef = builder.objectRef<number>('Money').implement({
  description: 'An amount in CNY, never a float: integer fen as a string, and yuan with two decimals.',
  fields: (t) => ({
    fen: t.string({
      description: 'Integer number of fen (1/100 yuan), e.g. "400000000".',
      resolve: (fen) => String(fen),
    }),
    yuan: t.string({
      description: 'Yuan with two decimals, e.g. "4000000.00".',
      resolve: (fen) => fenToYuan(fen),
    }),
  }),
});

/** Description of money inputs. */
export const YUAN_INPUT =
  'Yuan as a decimal string with at most 2 decimals, e.g. "200000" or "1250.50"; at most 1,000,000,000.';
