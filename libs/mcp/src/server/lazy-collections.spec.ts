import { describe, expect, it } from '@jest/globals';
import { LazyMap, LazySet } from './lazy-collections.js';

/** Whether the collection holds a table now (its private field). */
const holdsTable = (collection: object) => Object.values(collection).some((value) => value instanceof Map || value instanceof Set);

describe('LazyMap', () => {
  it('behaves as a Map through writes, reads, deletes and iteration', () => {
    const map = new LazyMap<string, number>();
    expect(map.size).toBe(0);
    expect(map.get('a')).toBeUndefined();
    expect(map.has('a')).toBe(false);
    expect(map.delete('a')).toBe(false);
    expect([...map]).toEqual([]);
    expect(map.set('a', 1).set('b', 2)).toBe(map);
    expect(map.get('a')).toBe(1);
    expect(map.size).toBe(2);
    expect([...map.entries()]).toEqual([['a', 1], ['b', 2]]);
    expect([...map.keys()]).toEqual(['a', 'b']);
    expect([...map.values()]).toEqual([1, 2]);
    const seen: [string, number][] = [];
    map.forEach((value, key, owner) => {
      expect(owner).toBe(map);
      seen.push([key, value]);
    });
    expect(seen).toEqual([['a', 1], ['b', 2]]);
    expect(map.delete('a')).toBe(true);
    expect([...map]).toEqual([['b', 2]]);
    map.clear();
    expect(map.size).toBe(0);
    expect(String(map)).toBe('[object LazyMap]');
  });

  it('holds no table until written to, and lets it go when the last entry leaves', () => {
    const map = new LazyMap<number, string>();
    expect(holdsTable(map)).toBe(false);
    map.set(1, 'one');
    expect(holdsTable(map)).toBe(true);
    map.set(2, 'two');
    map.delete(1);
    expect(holdsTable(map)).toBe(true);
    map.delete(2);
    expect(holdsTable(map)).toBe(false);
    map.set(3, 'three');
    expect(map.get(3)).toBe('three');
  });

  it('visits every entry when each is deleted during the iteration', () => {
    const map = new LazyMap<number, number>();
    for (let key = 0; key < 5; key++) map.set(key, key * 10);
    const visited: number[] = [];
    for (const [key, value] of map) {
      visited.push(value);
      map.delete(key);
    }
    expect(visited).toEqual([0, 10, 20, 30, 40]);
    expect(map.size).toBe(0);
  });
});

describe('LazySet', () => {
  it('behaves as a Set and holds a table only while it has members', () => {
    const set = new LazySet<string>();
    expect(holdsTable(set)).toBe(false);
    expect(set.has('x')).toBe(false);
    expect(set.delete('x')).toBe(false);
    expect(set.add('x').add('y').add('x')).toBe(set);
    expect(set.size).toBe(2);
    expect([...set]).toEqual(['x', 'y']);
    expect([...set.entries()]).toEqual([['x', 'x'], ['y', 'y']]);
    expect([...set.keys()]).toEqual(['x', 'y']);
    const seen: string[] = [];
    set.forEach((value, same, owner) => {
      expect(same).toBe(value);
      expect(owner).toBe(set);
      seen.push(value);
    });
    expect(seen).toEqual(['x', 'y']);
    expect(set.delete('x')).toBe(true);
    expect(set.delete('y')).toBe(true);
    expect(holdsTable(set)).toBe(false);
    set.add('z');
    set.clear();
    expect(set.size).toBe(0);
    expect(holdsTable(set)).toBe(false);
  });
});
