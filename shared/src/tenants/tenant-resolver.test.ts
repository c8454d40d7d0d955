import { TransientError, UnknownTenantError } from '../errors';
import { TenantResolver, type TenantDirectory, type TenantMapping } from './tenant-directory';

class CountingDirectory implements TenantDirectory {
  reads: string[] = [];
  failNext = false;
  constructor(private readonly mappings: Record<string, string>) {}
  async findMapping(hash: string): Promise<TenantMapping | null> {
    this.reads.push(hash);
    if (this.failNext) {
      this.failNext = false;
      throw new TransientError('S3 unavailable');
    }
    await new Promise((r) => setTimeout(r, 1));
    const id = this.mappings[hash];
    return id ? { tenant_id: id, tenant_hash: hash } : null;
  }
  async findConfig() {
    return null;
  }
}

describe('TenantResolver', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => {
    clock = 0;
  });

  it('resolves a hash once and serves repeats from its cache', async () => {
    const dir = new CountingDirectory({ aaaa: 'T1' });
    const resolver = new TenantResolver(dir, { now });
    expect(await resolver.resolveTenant('aaaa')).toBe('T1');
    expect(await resolver.resolveTenant('aaaa')).toBe('T1');
    expect(dir.reads).toEqual(['aaaa']);
  });

  it('shares one read between concurrent lookups of the same hash', async () => {
    const dir = new CountingDirectory({ aaaa: 'T1' });
    const resolver = new TenantResolver(dir, { now });
    await Promise.all([resolver.resolveTenant('aaaa'), resolver.resolveTenant('aaaa'), resolver.resolveTenant('aaaa')]);
    expect(dir.reads).toHaveLength(1);
  });

  it('remembers an unknown hash for the negative TTL only', async () => {
    const dir = new CountingDirectory({});
    const resolver = new TenantResolver(dir, { now, negativeTtlMs: 1000 });
    await expect(resolver.resolveTenant('zzzz')).rejects.toBeInstanceOf(UnknownTenantError);
    await expect(resolver.resolveTenant('zzzz')).rejects.toBeInstanceOf(UnknownTenantError);
    expect(dir.reads).toHaveLength(1);
    clock = 1001;
    await expect(resolver.resolveTenant('zzzz')).rejects.toBeInstanceOf(UnknownTenantError);
    expect(dir.reads).toHaveLength(2);
  });

  it('re-reads a known hash after its TTL', async () => {
    const dir = new CountingDirectory({ aaaa: 'T1' });
    const resolver = new TenantResolver(dir, { now, ttlMs: 100 });
    await resolver.resolveTenant('aaaa');
    clock = 101;
    await resolver.resolveTenant('aaaa');
    expect(dir.reads).toHaveLength(2);
  });

  it('stays bounded, evicting the least recently used entry', async () => {
    const dir = new CountingDirectory({ aaaa: 'A', bbbb: 'B', cccc: 'C' });
    const resolver = new TenantResolver(dir, { now, maxEntries: 2 });
    await resolver.resolveTenant('aaaa');
    await resolver.resolveTenant('bbbb');
    await resolver.resolveTenant('aaaa'); // a is now most recent
    await resolver.resolveTenant('cccc'); // evicts b
    expect(resolver.size).toBe(2);
    dir.reads = [];
    await resolver.resolveTenant('aaaa');
    await resolver.resolveTenant('bbbb');
    expect(dir.reads).toEqual(['bbbb']);
  });

  it('does not cache a transient failure', async () => {
    const dir = new CountingDirectory({ aaaa: 'T1' });
    dir.failNext = true;
    const resolver = new TenantResolver(dir, { now });
    await expect(resolver.resolveTenant('aaaa')).rejects.toBeInstanceOf(TransientError);
    expect(await resolver.resolveTenant('aaaa')).toBe('T1');
  });
});
