/**
 * Chinese words of each verifier role: its name on the role picker and one line under it.
 * ./roles.ts checks that every role has its words.
 */
export const ROLE_TEXT = {
  police: { label: '交警', description: '路面执勤：核验驾驶证、行驶证' },
  hotel: { label: '酒店', description: '前台入住登记、年龄核验' },
  pharmacy: { label: '药店/医院', description: '医保电子凭证' },
  employer: { label: '用人单位', description: '入职：学历学位、身份与社保' }
} as const
