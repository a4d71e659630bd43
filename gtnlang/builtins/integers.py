"""Integer functions: Mod, Quotient, QuotientRemainder, GCD, LCM, PrimeQ,
Prime, FactorInteger, Factorial, Binomial, EvenQ, OddQ, IntegerDigits,
FromDigits, PowerMod, Divisors, Fibonacci.

Primality is a deterministic Miller-Rabin test (exact below 3.3 * 10^24,
a strong probable-prime test with many bases above); factoring uses trial
division then Pollard's rho.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

from gtnlang.core.builtin import builtin
from gtnlang.core.numbers import mpmath, working_dps
from gtnlang.expr import (
    FALSE, Integer, Normal, Rational, Real, String, Symbol, from_bool, make_rational,
)

_LIST = Symbol("List")
_DI = Symbol("DirectedInfinity")
_INDETERMINATE = Symbol("Indeterminate")
_COMPLEX_INFINITY = Normal(_DI, ())
_LISTABLE = ("Listable", "Protected")
_NUMFUN = ("Listable", "NumericFunction", "Protected")


def _list(items):
    return Normal(_LIST, tuple(items))


def _rational_value(x):
    t = type(x)
    if t is Integer or t is Rational:
        return x.value
    return None


def _real_number(x):
    return type(x) in (Integer, Rational, Real)


def _from_real(v, like_real):
    if like_real is not None:
        return Real(float(v)) if like_real is None or like_real.precision is None else Real(v, like_real.precision)
    return make_rational(Fraction(v)) if not isinstance(v, int) else Integer(v)


# --- Mod, Quotient -------------------------------------------------------------------------

def _floor_div(m, n):
    """Floor[m/n] for exact or float values."""
    if isinstance(m, float) or isinstance(n, float):
        return math.floor(m / n)
    return math.floor(Fraction(m) / Fraction(n))


@builtin(attributes=_NUMFUN, nargs=(2, 3),
         usage="Mod[m, n] gives the remainder on division of m by n.\n"
               "Mod[m, n, d] uses an offset d.",
         messages={"indet": "Indeterminate expression `1` encountered."})
def Mod(ev, expr):
    args = expr.args
    if not all(_real_number(a) for a in args):
        return None
    m, n = args[0], args[1]
    d = args[2] if len(args) == 3 else Integer(0)
    if n.value == 0:
        ev.message("Mod", "indet", expr)
        return _INDETERMINATE
    if type(m) is Integer and type(n) is Integer and type(d) is Integer:
        return Integer((m.value - d.value) % n.value + d.value)
    inexact = [a for a in args if type(a) is Real]
    if inexact:
        mv, nv, dv = (float(a.value) for a in (m, n, d))
        return Real(mv - nv * math.floor((mv - dv) / nv))
    mv, nv, dv = (Fraction(a.value) for a in (m, n, d))
    return make_rational(mv - nv * math.floor((mv - dv) / nv))


@builtin(attributes=_NUMFUN, nargs=(2, 3),
         usage="Quotient[m, n] gives the integer quotient of m and n.\n"
               "Quotient[m, n, d] gives the integer quotient of m - d and n.",
         messages={"infy": "Infinite expression `1` encountered."})
def Quotient(ev, expr):
    args = expr.args
    if not all(_real_number(a) for a in args):
        return None
    m, n = args[0], args[1]
    d = args[2] if len(args) == 3 else Integer(0)
    if n.value == 0:
        ev.message("Quotient", "infy", Normal(Symbol("Quotient"), (m, n)))
        return _COMPLEX_INFINITY
    if type(m) is Integer and type(n) is Integer and type(d) is Integer:
        return Integer((m.value - d.value) // n.value)
    return Integer(_floor_div(m.value - d.value if type(d) is not Real else float(m.value) - float(d.value),
                              n.value))


@builtin(nargs=2,
         usage="QuotientRemainder[m, n] gives a list of the quotient and remainder from division of m by n.")
def QuotientRemainder(ev, expr):
    m, n = expr.args
    if not (_real_number(m) and _real_number(n)):
        return None
    if n.value == 0:
        ev.message("QuotientRemainder", "divz", m, n)
        return None
    q = ev.evaluate(Normal(Symbol("Quotient"), (m, n)))
    r = ev.evaluate(Normal(Symbol("Mod"), (m, n)))
    return _list((q, r))


# --- GCD, LCM ----------------------------------------------------------------------------------

def _gcd_or_lcm(expr, combine, combine_denominators, empty):
    """GCD or LCM of exact rationals: combine the numerators, and the
    denominators with the other operation (gcd(a/b, c/d) = gcd(a, c)/lcm(b, d))."""
    values = [_rational_value(a) for a in expr.args]
    if any(v is None for v in values):
        return None
    if not values:
        return Integer(empty)
    if all(isinstance(v, int) for v in values):
        return Integer(combine(*values))
    fr = [Fraction(v) for v in values]
    num = combine(*(f.numerator for f in fr))
    den = combine_denominators(*(f.denominator for f in fr))
    return make_rational(Fraction(num, den))


@builtin(attributes=("Flat", "Listable", "OneIdentity", "Orderless", "Protected"),
         usage="GCD[n1, n2, ...] gives the greatest common divisor of the ni.")
def GCD(ev, expr):
    return _gcd_or_lcm(expr, math.gcd, math.lcm, 0)


@builtin(attributes=("Flat", "Listable", "OneIdentity", "Orderless", "Protected"),
         usage="LCM[n1, n2, ...] gives the least common multiple of the ni.")
def LCM(ev, expr):
    return _gcd_or_lcm(expr, math.lcm, math.gcd, 1)


# --- primes ---------------------------------------------------------------------------------------

_SMALL_PRIMES = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41)


def is_prime(n: int) -> bool:
    """Deterministic Miller-Rabin below 3.3 * 10^24; strong probable prime above."""
    n = abs(n)
    if n < 2:
        return False
    for p in _SMALL_PRIMES:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    bases = _SMALL_PRIMES if n < 3317044064679887385961981 else _SMALL_PRIMES + (
        43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97)
    for a in bases:
        x = pow(a, d, n)
        if x == 1 or x == n - 1:
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


@builtin(attributes=_LISTABLE, nargs=1,
         usage="PrimeQ[n] yields True if n is a prime number, and yields False otherwise.")
def PrimeQ(ev, expr):
    n = expr.args[0]
    if type(n) is Integer:
        return from_bool(is_prime(n.value))
    return FALSE


def _prime_sieve(limit):
    sieve = bytearray([1]) * (limit + 1)
    sieve[0:2] = b"\x00\x00"
    for i in range(2, int(limit ** 0.5) + 1):
        if sieve[i]:
            sieve[i * i::i] = bytearray(len(sieve[i * i::i]))
    return sieve


_prime_cache: list = []


def nth_prime(n: int) -> int:
    global _prime_cache
    if n <= len(_prime_cache):
        return _prime_cache[n - 1]
    if n < 6:
        limit = 15
    else:
        ln = math.log(n)
        limit = int(n * (ln + math.log(ln))) + 10
    sieve = _prime_sieve(limit)
    _prime_cache = [i for i, v in enumerate(sieve) if v]
    return _prime_cache[n - 1]


@builtin(attributes=_LISTABLE, nargs=1,
         usage="Prime[n] gives the n-th prime number p_n.",
         messages={"intpp": "Positive integer argument expected in `1`."})
def Prime(ev, expr):
    n = expr.args[0]
    if type(n) is Integer and n.value >= 1:
        if n.value > 50_000_000:
            return None
        return Integer(nth_prime(n.value))
    if type(n) in (Integer, Rational, Real):
        ev.message("Prime", "intpp", expr)
    return None


def _pollard_rho(n: int) -> int:
    if n % 2 == 0:
        return 2
    rng = random.Random(n)
    while True:
        c = rng.randrange(1, n)
        f = lambda x: (x * x + c) % n  # noqa: E731
        x = y = rng.randrange(2, n)
        d = 1
        while d == 1:
            x = f(x)
            y = f(f(y))
            d = math.gcd(abs(x - y), n)
        if d != n:
            return d


def factor_integer(n: int) -> dict:
    """Prime factorisation of n > 0 as {prime: exponent}."""
    factors: dict = {}
    for p in (2, 3, 5):
        while n % p == 0:
            factors[p] = factors.get(p, 0) + 1
            n //= p
    f = 7
    increments = (4, 2, 4, 2, 4, 6, 2, 6)
    i = 0
    while f * f <= n and f < 10000:
        while n % f == 0:
            factors[f] = factors.get(f, 0) + 1
            n //= f
        f += increments[i]
        i = (i + 1) % 8
    stack = [n] if n > 1 else []
    while stack:
        m = stack.pop()
        if m == 1:
            continue
        if is_prime(m):
            factors[m] = factors.get(m, 0) + 1
            continue
        d = _pollard_rho(m)
        stack.extend((d, m // d))
    return dict(sorted(factors.items()))


@builtin(attributes=_LISTABLE, nargs=(1, 2),
         usage="FactorInteger[n] gives a list of the prime factors of the integer n, together with their exponents.")
def FactorInteger(ev, expr):
    x = expr.args[0]
    v = _rational_value(x)
    if v is None:
        return None
    v = Fraction(v)
    if v == 0:
        return _list([_list([Integer(0), Integer(1)])])
    rows = []
    if v < 0:
        rows.append(_list([Integer(-1), Integer(1)]))
        v = -v
    if v == 1 and not rows:
        return _list([_list([Integer(1), Integer(1)])])
    factors = dict(factor_integer(v.numerator))
    for p, e in factor_integer(v.denominator).items():
        factors[p] = factors.get(p, 0) - e
    for p in sorted(factors):
        rows.append(_list([Integer(p), Integer(factors[p])]))
    return _list(rows)


@builtin(attributes=_LISTABLE, nargs=1,
         usage="Divisors[n] gives a list of the integers that divide n.")
def Divisors(ev, expr):
    n = expr.args[0]
    if type(n) is not Integer or n.value == 0:
        return None
    divisors = [1]
    for p, e in factor_integer(abs(n.value)).items():
        divisors = [d * p ** k for d in divisors for k in range(e + 1)]
    return _list(Integer(d) for d in sorted(divisors))


# --- Factorial, Binomial, Fibonacci --------------------------------------------------------------

@builtin(attributes=_NUMFUN, nargs=1,
         usage="n! gives the factorial of n.")
def Factorial(ev, expr):
    n = expr.args[0]
    if type(n) is Integer:
        if n.value < 0:
            return _COMPLEX_INFINITY
        return Integer(math.factorial(n.value))
    if type(n) is Rational and n.value.denominator == 2:
        return Normal(Symbol("Gamma"), (make_rational(n.value + 1),))
    if type(n) is Real:
        if n.precision is None:
            try:
                return Real(math.gamma(float(n.value) + 1))
            except (ValueError, OverflowError):
                return _COMPLEX_INFINITY
        mp = mpmath()
        with mp.workdps(working_dps(n.precision)):
            return Real(mp.factorial(n.value), n.precision)
    return None


def _binomial(n: int, k: int) -> int:
    if n >= 0:
        if k < 0 or k > n:
            return 0
        return math.comb(n, k)
    # negative n: (-1)^k C(k - n - 1, k) for k >= 0; C(n, k) for k <= n
    if k >= 0:
        return (-1) ** k * math.comb(k - n - 1, k)
    if k <= n:
        return (-1) ** (n - k) * math.comb(-k - 1, n - k)
    return 0


@builtin(attributes=_NUMFUN, nargs=2,
         usage="Binomial[n, m] gives the binomial coefficient (n m).")
def Binomial(ev, expr):
    n, k = expr.args
    if type(n) is Integer and type(k) is Integer:
        return Integer(_binomial(n.value, k.value))
    if _real_number(n) and _real_number(k) and (type(n) is Real or type(k) is Real):
        try:
            v = math.gamma(float(n.value) + 1) / (
                math.gamma(float(k.value) + 1) * math.gamma(float(n.value) - float(k.value) + 1))
            return Real(v)
        except (ValueError, ZeroDivisionError, OverflowError):
            return None
    if type(k) is Integer and k.value >= 0 and k.value <= 20 and type(n) is Rational:
        v = Fraction(1)
        for i in range(k.value):
            v *= (n.value - i)
        return make_rational(v / math.factorial(k.value))
    return None


def fibonacci(n: int) -> int:
    def fib_pair(k):
        if k == 0:
            return 0, 1
        a, b = fib_pair(k >> 1)
        c = a * (2 * b - a)
        d = a * a + b * b
        return (d, c + d) if k & 1 else (c, d)
    if n >= 0:
        return fib_pair(n)[0]
    m = -n
    return (-1) ** (m + 1) * fib_pair(m)[0]


@builtin(attributes=_NUMFUN, nargs=(1, 2),
         usage="Fibonacci[n] gives the Fibonacci number F_n.\n"
               "Fibonacci[n, x] gives the Fibonacci polynomial F_n(x).")
def Fibonacci(ev, expr):
    n = expr.args[0]
    if len(expr.args) == 1 and type(n) is Integer:
        return Integer(fibonacci(n.value))
    if len(expr.args) == 1 and type(n) is Real and n.precision is None:
        phi = (1 + math.sqrt(5)) / 2
        v = float(n.value)
        return Real((phi ** v - math.cos(math.pi * v) * phi ** -v) / math.sqrt(5))
    return None


# --- parity ---------------------------------------------------------------------------------------

@builtin(nargs=1, usage="EvenQ[expr] gives True if expr is an even integer, and False otherwise.")
def EvenQ(ev, expr):
    n = expr.args[0]
    return from_bool(type(n) is Integer and n.value % 2 == 0)


@builtin(nargs=1, usage="OddQ[expr] gives True if expr is an odd integer, and False otherwise.")
def OddQ(ev, expr):
    n = expr.args[0]
    return from_bool(type(n) is Integer and n.value % 2 == 1)


# --- digits ---------------------------------------------------------------------------------------

def _digits(n: int, b: int):
    n = abs(n)
    if n == 0:
        return [0]
    out = []
    while n:
        n, r = divmod(n, b)
        out.append(r)
    return out[::-1]


@builtin(attributes=_LISTABLE, nargs=(1, 3),
         usage="IntegerDigits[n] gives a list of the decimal digits in the integer n.\n"
               "IntegerDigits[n, b] gives a list of the base-b digits in the integer n.\n"
               "IntegerDigits[n, b, len] pads the list on the left with zeros to give a list of length len.",
         messages={"ibase": "Base `1` is not an integer greater than 1."})
def IntegerDigits(ev, expr):
    args = expr.args
    n = args[0]
    if type(n) is not Integer:
        return None
    b = args[1] if len(args) > 1 else Integer(10)
    if type(b) is not Integer or b.value < 2:
        ev.message("IntegerDigits", "ibase", b)
        return None
    if b.value == 10 and abs(n.value) < 10 ** 4000:
        digits = [int(c) for c in str(abs(n.value))]
    else:
        digits = _digits(n.value, b.value)
    if len(args) == 3:
        length = args[2]
        if type(length) is not Integer or length.value < 0:
            return None
        k = length.value
        digits = ([0] * (k - len(digits)) + digits)[-k:] if k else []
    return _list(Integer(d) for d in digits)


@builtin(nargs=(1, 2),
         usage="FromDigits[list] constructs an integer from the list of its decimal digits.\n"
               "FromDigits[list, b] takes the digits to be given in base b.\n"
               "FromDigits[\"string\"] constructs an integer from a string of digits.")
def FromDigits(ev, expr):
    digits = expr.args[0]
    b = expr.args[1] if len(expr.args) > 1 else Integer(10)
    if type(digits) is String:
        base = b.value if type(b) is Integer else 10
        try:
            return Integer(int(digits.value, base))
        except ValueError:
            return None
    if type(digits) is Normal and digits.head is _LIST:
        if type(b) is Integer and all(type(d) is Integer for d in digits.args):
            v = 0
            for d in digits.args:
                v = v * b.value + d.value
            return Integer(v)
        # symbolic: Horner form
        result = Integer(0)
        for d in digits.args:
            result = Normal(Symbol("Plus"), (Normal(Symbol("Times"), (b, result)), d))
        return result
    return None


@builtin(attributes=_LISTABLE, nargs=3,
         usage="PowerMod[a, b, m] gives a^b mod m.",
         messages={"ninv": "`1` is not invertible modulo `2`."})
def PowerMod(ev, expr):
    a, b, m = expr.args
    if not all(type(x) is Integer for x in (a, b, m)) or m.value == 0:
        return None
    try:
        return Integer(pow(a.value, b.value, m.value))
    except ValueError:
        ev.message("PowerMod", "ninv", a, m)
        return None
