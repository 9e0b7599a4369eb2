package dev.compass.governance.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Four eyes is not fooled by how a name is spelt: one person is one person, however the identity provider spells it. */
class PeopleTest {
    @Test
    void invisibleCharactersDoNotMakeAnotherPerson() {
        assertTrue(People.same("sec.starter\u200b", "sec.starter"), "zero-width space");
        assertTrue(People.same("sec.\u200dstarter", "sec.starter"), "zero-width joiner");
        assertTrue(People.same("\ufeffsec.starter", "sec.starter"), "byte order mark");
        assertTrue(People.same("sec.star\u00adter", "sec.starter"), "soft hyphen");
        assertTrue(People.same("sec.starter\u200e", "sec.starter"), "left-to-right mark");
        assertTrue(People.same("sec.starter\u2060", "sec.starter"), "word joiner");
        assertTrue(People.same(" sec.starter\u00a0", "sec.starter"), "spaces, also no-break ones");
        assertTrue(People.same("sec. starter", "sec.starter"), "a space inside");
    }

    @Test
    void compatibleAndCaseVariantsAreTheSamePerson() {
        assertTrue(People.same("Sam.Starter", "sam.starter"));
        assertTrue(People.same("ＳＡＭ.ｓｔａｒｔｅｒ", "sam.starter"), "full-width letters (NFKC)");
        assertTrue(People.same("ﬁn.lead", "fin.lead"), "the fi ligature (NFKC)");
        assertTrue(People.same("SAM.STARTER\u200b", "sam.starter"));
        assertTrue(People.among("sec.starter\u200b", List.of("someone", "Sec.Starter")));
    }

    @Test
    void differentPeopleStayDifferent() {
        assertFalse(People.same("sam.starter", "sam.starter2"));
        assertFalse(People.same("sam.starter", "pam.starter"));
        assertFalse(People.same(null, "sam.starter"));
        assertFalse(People.same("sam.starter", null));
        assertFalse(People.among("sam.starter", List.of("rev.sam", "fin.lead")));
        // a name with nothing visible in it is nobody: it owns nothing and is nobody else
        assertFalse(People.same("\u200b", "\u200d"));
        assertFalse(People.same("", " "));
    }
}
