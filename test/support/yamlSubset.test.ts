import { parseYamlSubset } from './yamlSubset'

describe('parseYamlSubset', () => {
  it('reads the constructs mock/openapi.yaml uses', () => {
    const text = [
      '# comment',
      'openapi: 3.0.3',
      "'200':",
      '  $ref: \'#/components/responses/X\' # trailing comment',
      'list:',
      '  - a',
      '  - name: id',
      '    in: path',
      '    required: true',
      '  - {}',
      'same-indent:',
      '- 1',
      'flow: [valid, "P-256", 2, false]',
      'folded: >-',
      '  one',
      '  two',
      '',
      '  three',
      'literal: |',
      '  a: b',
      '  # not a comment',
      'empty:',
      'n: -12',
      'q: \'it\'\'s\''
    ].join('\n')
    expect(parseYamlSubset(text)).toEqual({
      openapi: '3.0.3',
      '200': { $ref: '#/components/responses/X' },
      list: ['a', { name: 'id', in: 'path', required: true }, {}],
      'same-indent': [1],
      flow: ['valid', 'P-256', 2, false],
      folded: 'one two\nthree',
      literal: 'a: b\n# not a comment\n',
      empty: null,
      n: -12,
      q: "it's"
    })
  })

  it.each([
    ['an anchor', 'a: &x 1'],
    ['a multi-line flow sequence', 'a: [1,\n  2]'],
    ['a nested flow collection', 'a: [[1]]'],
    ['a duplicate key', 'a: 1\na: 2'],
    ['stray indentation', 'a: 1\n    b: 2'],
    ['a tab', '\ta: 1'],
    ['an unterminated quote', "a: 'x"]
  ])('refuses %s', (_name, text) => {
    expect(() => parseYamlSubset(text)).toThrow(/yamlSubset/)
  })
})
